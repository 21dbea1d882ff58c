//! Pictures drawn by code for the demo newsroom: no downloads, no fonts.
//!
//! Each seed gives an abstract, photo-like landscape — a graded sky, a sun or moon with a
//! glow, layered hills, a town skyline or a stretch of sea, a little haze, vignette and film
//! grain — with palette and composition varying from seed to seed. Rows are written straight
//! into the buffer; the only trig is per column or per layer, never per pixel.

type Rgb = [f32; 3];

/// Deterministic for `seed`: an abstract, photo-like scene (sky gradient, horizon, hills or
/// building silhouettes, sun/moon, some noise), varied in palette and composition per seed.
pub fn draw(seed: u64, width: u32, height: u32) -> image::RgbImage {
    let (w, h) = (width.max(1) as usize, height.max(1) as usize);
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x9E37_79B9_7F4A_7C15);
    let pal = Palette::pick(&mut rng);
    let scene = match rng.u8(0..10) {
        0..=3 => Scene::Hills,
        4..=6 => Scene::Town,
        _ => Scene::Coast,
    };
    let hf = h as f32;
    let wf = w as f32;
    let horizon = hf * (0.48 + rng.f32() * 0.2);

    // Sun or moon: position, size, glow radius.
    let sun_x = wf * (0.12 + rng.f32() * 0.76);
    let sun_y = horizon - hf * (0.06 + rng.f32() * 0.3);
    let sun_r = hf * (0.025 + rng.f32() * 0.035);
    let glow_r = sun_r * (5.0 + rng.f32() * 5.0);

    // Land layers, front first (hit-testing order). Far layers are hazier.
    let mut layers: Vec<Layer> = Vec::new();
    let layer_count = match scene {
        Scene::Hills => 2 + rng.usize(0..=2),
        Scene::Town => 1 + rng.usize(0..=1),
        Scene::Coast => rng.usize(0..=1),
    };
    for i in 0..layer_count {
        // depth: 0 = far, 1 = near.
        let depth = if layer_count == 1 {
            0.4
        } else {
            i as f32 / (layer_count - 1) as f32
        };
        let base = horizon + hf * 0.02 * depth * (layer_count as f32);
        let amp = hf * (0.05 + 0.12 * depth + rng.f32() * 0.06);
        let heights = ridge(&mut rng, w, base, amp, 0.4 + depth);
        let colour = mix(pal.haze, pal.land, 0.35 + 0.65 * depth);
        layers.push(Layer {
            heights,
            top: colour,
            bottom: scale(colour, 0.6),
            town: None,
        });
    }
    layers.reverse(); // near first
    if scene == Scene::Town {
        let tallest = hf * (0.08 + rng.f32() * 0.18);
        let town = skyline(&mut rng, w, horizon + hf * 0.04, tallest, pal.night);
        let colour = mix(pal.haze, pal.land, 0.8);
        let heights = town.heights.clone();
        layers.insert(
            0,
            Layer {
                heights,
                top: scale(colour, 0.85),
                bottom: scale(colour, 0.55),
                town: Some(town),
            },
        );
    }
    if scene == Scene::Coast && rng.bool() {
        // A headland or cliff at one side, in the foreground.
        let left = rng.bool();
        let reach = wf * (0.2 + rng.f32() * 0.3);
        let top = horizon - hf * (0.05 + rng.f32() * 0.1);
        let rough = ridge(&mut rng, w, 0.0, hf * 0.02, 2.0);
        let heights = (0..w)
            .map(|x| {
                let d = if left { x as f32 } else { wf - x as f32 };
                if d > reach {
                    hf + 1.0
                } else {
                    let t = d / reach;
                    top + (horizon + hf * 0.15 - top) * t * t + rough[x]
                }
            })
            .collect();
        let colour = scale(pal.land, 0.8);
        layers.insert(
            0,
            Layer {
                heights,
                top: colour,
                bottom: scale(colour, 0.5),
                town: None,
            },
        );
    }
    let water = scene == Scene::Coast;

    // Per-row sky colours (and water, mirrored), per-axis vignette.
    let sky: Vec<Rgb> = (0..h)
        .map(|y| {
            let t = (y as f32 / horizon).min(1.0);
            mix(pal.top, pal.horizon, t.powf(1.6))
        })
        .collect();
    let vx: Vec<f32> = (0..w).map(|x| vignette(x as f32 / wf)).collect();
    let vy: Vec<f32> = (0..h).map(|y| vignette(y as f32 / hf)).collect();

    // Soft clouds: wide ellipses above the horizon with a ragged edge.
    let clouds: Vec<Cloud> = (0..rng.usize(0..=if pal.overcast { 9 } else { 5 }))
        .map(|_| Cloud {
            x: rng.f32() * wf,
            y: horizon * (0.1 + rng.f32() * 0.8),
            rx: wf * (0.08 + rng.f32() * 0.25),
            ry: hf * (0.015 + rng.f32() * 0.04),
            opacity: 0.35 + rng.f32() * 0.5,
        })
        .collect();
    let wobble: Vec<f32> = ridge(&mut rng, w, 0.0, 1.0, 2.0)
        .iter()
        .map(|v| v.abs())
        .collect();
    let stars = pal.night && !pal.overcast;
    let mut noise = Xor(seed.wrapping_mul(0xA24B_AED4_963E_E407) | 1);
    let grain = 3.0 + rng.f32() * 5.0;
    let mut buf = vec![0u8; w * h * 3];
    for (y, row) in buf.chunks_exact_mut(w * 3).enumerate() {
        let yf = y as f32;
        let dy = yf - sun_y;
        let in_glow_rows = dy.abs() < glow_r;
        let below = yf >= horizon;
        let water_colour = if below && water {
            // Mirror the sky, darker and bluer further down.
            let m = (2.0 * horizon - yf).max(0.0) as usize;
            let t = ((yf - horizon) / (hf - horizon)).min(1.0);
            mix(scale(sky[m.min(h - 1)], 0.75), pal.sea, 0.35 + 0.5 * t)
        } else {
            [0.0; 3]
        };
        for x in 0..w {
            let xf = x as f32;
            let mut c: Rgb;
            let mut hit = None;
            for (li, layer) in layers.iter().enumerate() {
                if yf >= layer.heights[x] {
                    hit = Some(li);
                    break;
                }
            }
            if let Some(li) = hit {
                let layer = &layers[li];
                let t = ((yf - layer.heights[x]) / (hf * 0.35)).min(1.0);
                c = mix(layer.top, layer.bottom, t);
                if let Some(town) = &layer.town
                    && town.lit(x, y)
                {
                    c = mix(c, [255.0, 214.0, 140.0], if pal.night { 0.9 } else { 0.25 });
                }
            } else if below && water {
                c = water_colour;
                // Glitter under the sun.
                let spread = sun_r * (0.8 + (yf - horizon) / hf * 4.0);
                let off = (xf - sun_x).abs() / spread;
                if off < 1.0 && (noise.next() % 100) as f32 > 35.0 + 65.0 * off {
                    c = mix(c, pal.sun, 0.6 * pal.glow);
                }
            } else {
                c = sky[y];
                if in_glow_rows {
                    let dx = xf - sun_x;
                    let d2 = dx * dx + dy * dy;
                    if d2 < sun_r * sun_r {
                        c = pal.sun;
                    } else if d2 < glow_r * glow_r {
                        let g = 1.0 - d2 / (glow_r * glow_r);
                        c = mix(c, pal.sun, g * g * pal.glow);
                    }
                }
                for cloud in clouds.iter().filter(|k| (yf - k.y).abs() < k.ry) {
                    let dx = (xf - cloud.x) / cloud.rx;
                    let dy = (yf - cloud.y) / cloud.ry;
                    let d = dx * dx + dy * dy + wobble[x] * 0.6;
                    if d < 1.0 {
                        let a = (1.0 - d) * (1.0 - d) * cloud.opacity;
                        c = mix(c, pal.cloud, a.min(1.0));
                    }
                }
                if stars && noise.next().is_multiple_of(1500) {
                    c = [230.0, 230.0, 240.0];
                }
            }
            let v = vx[x] * vy[y];
            let n = (noise.next() % 1000) as f32 / 1000.0 * 2.0 - 1.0;
            let g = n * grain;
            let px = &mut row[x * 3..x * 3 + 3];
            px[0] = (c[0] * v + g).clamp(0.0, 255.0) as u8;
            px[1] = (c[1] * v + g).clamp(0.0, 255.0) as u8;
            px[2] = (c[2] * v + g).clamp(0.0, 255.0) as u8;
        }
    }
    image::RgbImage::from_raw(w as u32, h as u32, buf)
        .unwrap_or_else(|| image::RgbImage::new(w as u32, h as u32))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scene {
    Hills,
    Town,
    Coast,
}

struct Cloud {
    x: f32,
    y: f32,
    rx: f32,
    ry: f32,
    opacity: f32,
}

struct Layer {
    /// Top edge (y) per column; a pixel at or below it belongs to the layer.
    heights: Vec<f32>,
    top: Rgb,
    bottom: Rgb,
    town: Option<Town>,
}

struct Town {
    heights: Vec<f32>,
    /// Building index per column, and per building: left x, top y, window seed.
    building: Vec<u16>,
    left: Vec<u32>,
    tops: Vec<u32>,
    seeds: Vec<u32>,
    lit_share: u32,
}

impl Town {
    fn lit(&self, x: usize, y: usize) -> bool {
        let b = self.building[x] as usize;
        if b == u16::MAX as usize {
            return false;
        }
        let (bx, by) = (x as u32 - self.left[b], y as u32);
        if by < self.tops[b] + 4 {
            return false;
        }
        let (wx, wy) = (bx % 9, (by - self.tops[b]) % 12);
        if !(3..7).contains(&wx) || !(4..9).contains(&wy) || bx < 3 {
            return false;
        }
        let cell = (bx / 9) * 131 + (by - self.tops[b]) / 12;
        hash(self.seeds[b] ^ cell) % 100 < self.lit_share
    }
}

struct Palette {
    top: Rgb,
    horizon: Rgb,
    sun: Rgb,
    glow: f32,
    haze: Rgb,
    land: Rgb,
    sea: Rgb,
    cloud: Rgb,
    night: bool,
    overcast: bool,
}

impl Palette {
    fn pick(rng: &mut fastrand::Rng) -> Palette {
        let mut p = match rng.u8(0..10) {
            // Clear day.
            0..=2 => Palette {
                top: [58.0, 112.0, 190.0],
                horizon: [196.0, 218.0, 236.0],
                sun: [255.0, 252.0, 235.0],
                glow: 0.7,
                haze: [170.0, 190.0, 205.0],
                land: [46.0, 82.0, 48.0],
                sea: [30.0, 80.0, 120.0],
                cloud: [250.0, 250.0, 252.0],
                night: false,
                overcast: false,
            },
            // Golden hour / dusk.
            3..=4 => Palette {
                top: [44.0, 52.0, 112.0],
                horizon: [250.0, 164.0, 92.0],
                sun: [255.0, 226.0, 160.0],
                glow: 0.9,
                haze: [190.0, 120.0, 110.0],
                land: [38.0, 28.0, 48.0],
                sea: [50.0, 40.0, 80.0],
                cloud: [246.0, 170.0, 150.0],
                night: false,
                overcast: false,
            },
            // Dawn.
            5 => Palette {
                top: [96.0, 116.0, 176.0],
                horizon: [250.0, 204.0, 182.0],
                sun: [255.0, 242.0, 214.0],
                glow: 0.8,
                haze: [186.0, 170.0, 186.0],
                land: [60.0, 62.0, 86.0],
                sea: [70.0, 90.0, 130.0],
                cloud: [252.0, 226.0, 220.0],
                night: false,
                overcast: false,
            },
            // Night with a moon.
            6..=7 => Palette {
                top: [6.0, 10.0, 30.0],
                horizon: [34.0, 46.0, 86.0],
                sun: [236.0, 236.0, 222.0],
                glow: 0.35,
                haze: [36.0, 44.0, 70.0],
                land: [8.0, 9.0, 16.0],
                sea: [10.0, 18.0, 40.0],
                cloud: [40.0, 46.0, 66.0],
                night: true,
                overcast: false,
            },
            // Overcast British weather.
            _ => Palette {
                top: [112.0, 118.0, 128.0],
                horizon: [190.0, 190.0, 194.0],
                sun: [226.0, 226.0, 222.0],
                glow: 0.3,
                haze: [150.0, 154.0, 160.0],
                land: [52.0, 64.0, 56.0],
                sea: [70.0, 84.0, 92.0],
                cloud: [206.0, 206.0, 210.0],
                night: false,
                overcast: true,
            },
        };
        // Jitter every colour a little, so palettes vary within a kind.
        for c in [
            &mut p.top,
            &mut p.horizon,
            &mut p.haze,
            &mut p.land,
            &mut p.sea,
        ] {
            for ch in c.iter_mut() {
                *ch = (*ch + (rng.f32() - 0.5) * 36.0).clamp(0.0, 255.0);
            }
        }
        p
    }
}

/// A ridge line: value noise in 1-D, a few octaves, sampled per column.
fn ridge(rng: &mut fastrand::Rng, w: usize, base: f32, amp: f32, roughness: f32) -> Vec<f32> {
    let octaves = [
        (w as f32 / 2.5, 1.0),
        (w as f32 / 7.0, 0.45 * roughness),
        (w as f32 / 22.0, 0.18 * roughness),
    ];
    let mut out = vec![base; w];
    for (period, weight) in octaves {
        let period = period.max(4.0);
        let knots: Vec<f32> = (0..(w as f32 / period) as usize + 3)
            .map(|_| rng.f32())
            .collect();
        let offset = rng.f32() * period;
        for (x, v) in out.iter_mut().enumerate() {
            let p = (x as f32 + offset) / period;
            let i = p as usize;
            let t = p - i as f32;
            let t = t * t * (3.0 - 2.0 * t);
            let n = knots[i] + (knots[i + 1] - knots[i]) * t;
            *v -= (n - 0.3) * amp * weight;
        }
    }
    out
}

fn skyline(rng: &mut fastrand::Rng, w: usize, base: f32, tallest: f32, night: bool) -> Town {
    let mut heights = vec![f32::MAX; w];
    let mut building = vec![u16::MAX; w];
    let (mut left, mut tops, mut seeds) = (Vec::new(), Vec::new(), Vec::new());
    let mut x = rng.usize(0..(w / 12).max(1));
    while x < w && left.len() < u16::MAX as usize - 1 {
        let bw = rng.usize((w / 40).max(6)..=(w / 12).max(8));
        let tall = rng.f32();
        let top = (base - tallest * (0.15 + 0.85 * tall * tall)).max(0.0);
        let spire = rng.u8(0..8) == 0;
        let id = left.len() as u16;
        for xx in x..(x + bw).min(w) {
            let mut t = top;
            if spire {
                // A church spire or mast over the middle of the building.
                let mid = (x + bw / 2) as f32;
                let d = (xx as f32 - mid).abs();
                let s = tallest * 0.5 - d * 3.0;
                if s > 0.0 {
                    t -= s;
                }
            }
            heights[xx] = t.max(0.0);
            building[xx] = id;
        }
        left.push(x as u32);
        tops.push(top as u32);
        seeds.push(rng.u32(..));
        x += bw
            + if rng.u8(0..4) == 0 {
                rng.usize(0..(w / 30).max(2))
            } else {
                0
            };
    }
    Town {
        heights,
        building,
        left,
        tops,
        seeds,
        lit_share: if night { 35 } else { 8 },
    }
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn scale(a: Rgb, k: f32) -> Rgb {
    [a[0] * k, a[1] * k, a[2] * k]
}

fn vignette(t: f32) -> f32 {
    let d = t * 2.0 - 1.0;
    1.0 - 0.22 * d * d
}

fn hash(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7FEB_352D);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846C_A68B);
    x ^ (x >> 16)
}

/// Xorshift for per-pixel grain: far cheaper than a general RNG call.
struct Xor(u64);

impl Xor {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_determinism_and_variety() {
        for (w, h) in [(1280, 720), (320, 180), (1, 1), (7, 300)] {
            let img = draw(5, w, h);
            assert_eq!(img.dimensions(), (w, h));
        }
        assert_eq!(draw(11, 320, 180), draw(11, 320, 180));
        let mut distinct = std::collections::HashSet::new();
        for seed in 0..40 {
            let img = draw(seed, 160, 90);
            let first = *img.get_pixel(0, 0);
            assert!(
                img.pixels().any(|p| *p != first),
                "seed {seed} is one flat colour"
            );
            distinct.insert(img.into_raw());
        }
        assert_eq!(distinct.len(), 40);
    }

    #[test]
    fn write_preview() {
        let dir = std::path::Path::new("/tmp/demo-preview");
        std::fs::create_dir_all(dir).unwrap();
        let started = std::time::Instant::now();
        let img = draw(1, 1280, 720);
        eprintln!("1280x720 in {:?} (debug build)", started.elapsed());
        img.save(dir.join("picture-1.png")).unwrap();
        // A contact sheet of 12 seeds.
        let (tw, th) = (320, 180);
        let mut sheet = image::RgbImage::new(tw * 4, th * 3);
        for i in 0..12u32 {
            let tile = draw(100 + u64::from(i), tw, th);
            image::imageops::replace(
                &mut sheet,
                &tile,
                i64::from(i % 4 * tw),
                i64::from(i / 4 * th),
            );
        }
        sheet.save(dir.join("pictures.png")).unwrap();
    }
}
