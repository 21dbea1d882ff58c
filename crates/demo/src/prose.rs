//! Generated newspaper prose for the demo newsroom: sections, topic tags, authors and
//! stories in the register of a British national paper, from phrase tables and templates.
//!
//! Nothing here is copied from real articles. Every choice is drawn from the caller's
//! `fastrand::Rng`, so a seed always gives the same newsroom. People are fictional; offices
//! and institutions are real-sounding so the copy reads like a paper.

use std::borrow::{Borrow, Cow};
use std::collections::HashSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionSeed {
    pub slug: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagSeed {
    pub slug: &'static str,
    pub name: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorSeed {
    pub slug: String,
    pub name: String,
    pub bio: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoryFlags {
    pub breaking: bool,
    pub opinion: bool,
    pub obituary: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorySeed {
    /// 6-14 words, sentence case, no trailing full stop.
    pub headline: String,
    /// 20-40 words.
    pub standfirst: String,
    /// 6-14 paragraphs, 1-3 `## ` subheads, 0-2 `> ` block quotes.
    pub body_markdown: String,
    /// 1-4 distinct indices into [`tags()`].
    pub tags: Vec<usize>,
    pub caption: String,
    pub credit: String,
    pub alt: String,
    pub flags: StoryFlags,
}

/// The desks, in display order.
pub fn sections() -> Vec<SectionSeed> {
    SECTIONS.to_vec()
}

/// Topic tags; stories refer to them by index.
pub fn tags() -> Vec<TagSeed> {
    TOPICS
        .iter()
        .map(|t| TagSeed {
            slug: t.slug,
            name: t.name,
        })
        .collect()
}

/// `count` staff writers with distinct names and slugs and a short bio each.
pub fn authors(rng: &mut fastrand::Rng, count: usize) -> Vec<AuthorSeed> {
    let mut beats: Vec<&str> = BEATS.to_vec();
    rng.shuffle(&mut beats);
    let mut names = HashSet::new();
    let mut slugs = HashSet::new();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let female = rng.bool();
        let first = pick(rng, if female { FEMALE } else { MALE });
        let last = pick(rng, SURNAMES);
        let name = format!("{first} {last}");
        let slug = newsdesk_core::Slug::from_title(&name).to_string();
        if !names.insert(name.clone()) || !slugs.insert(slug.clone()) {
            continue;
        }
        let beat = beats[out.len() % beats.len()];
        let beat = if out.len() >= beats.len() {
            format!("senior {beat}")
        } else {
            beat.to_owned()
        };
        let joined = rng.u32(1998..=2023);
        let outlet = pick(rng, OUTLETS);
        let mut bio = format!(
            "{name} is the paper's {beat}. Before joining in {joined}, {first} worked at {outlet}{}.",
            pick(rng, BIO_EXTRA)
        );
        if rng.u8(0..3) > 0 {
            let pronoun = if female { "She" } else { "He" };
            let place = pick(rng, UK_PLACES);
            bio.push(' ');
            bio.push_str(
                &pick(rng, BIO_THIRD)
                    .replace("{pr}", pronoun)
                    .replace("{place}", place),
            );
        }
        out.push(AuthorSeed { slug, name, bio });
    }
    out
}

/// One story for `section`, in its register. Accepts `&SectionSeed` or `SectionSeed`.
pub fn story(rng: &mut fastrand::Rng, section: impl Borrow<SectionSeed>) -> StorySeed {
    let section = section.borrow();
    match section.slug {
        "obituaries" => obituary(rng),
        slug => {
            let list = section_topics(slug);
            let topic_index = topic_index(pick(rng, list));
            let desk = if slug == "comment" {
                &COMMENT
            } else {
                desk_for(TOPICS[topic_index].kind)
            };
            let mut story = report(rng, topic_index, desk, list);
            story.flags.opinion = slug == "comment";
            story.flags.breaking = matches!(slug, "news" | "uk" | "world") && rng.u8(0..25) == 0;
            story
        }
    }
}

// ---------------------------------------------------------------------------------------
// Story assembly
// ---------------------------------------------------------------------------------------

fn report(
    rng: &mut fastrand::Rng,
    topic_index: usize,
    desk: &'static Desk,
    list: &[&str],
) -> StorySeed {
    let topic = &TOPICS[topic_index];
    let mut cx = Ctx::new(rng, topic, desk);

    let mut headline = String::new();
    let mut lede = String::new();
    // Random pairs first; then every pair in turn, so a fitting headline is always found.
    let start = rng.usize(0..desk.pairs.len());
    for attempt in 0..8 + desk.pairs.len() {
        let (h, l) = if attempt < 8 {
            pick(rng, desk.pairs)
        } else {
            desk.pairs[(start + attempt) % desk.pairs.len()]
        };
        cx.headline_mode = true;
        headline = cap(&cx.fill(rng, h));
        cx.headline_mode = false;
        let words = headline.split_whitespace().count();
        if (6..=14).contains(&words) {
            lede = cap(&cx.fill(rng, l));
            break;
        }
    }
    if lede.is_empty() {
        let (_, l) = desk.pairs[0];
        lede = cap(&cx.fill(rng, l));
    }
    let headline = headline.trim_end_matches('.').to_owned();
    let standfirst = standfirst(rng, &mut cx, desk.stand);

    // Paragraph plan.
    let n = rng.usize(6..=14);
    let intro_a = rng.usize(1..=2);
    let intro_b = (n / 2 + rng.usize(0..=1)).max(intro_a + 2).min(n - 2);
    let follow_a = if rng.u8(0..5) < 3 && intro_a + 1 < intro_b {
        Some(intro_a + 1)
    } else {
        None
    };
    let follow_b = if rng.bool() && intro_b + 1 < n - 1 {
        Some(intro_b + 1)
    } else {
        None
    };
    let mut generic: Vec<&'static str> = desk
        .paras
        .iter()
        .chain(desk.shared.iter())
        .copied()
        .collect();
    rng.shuffle(&mut generic);
    let mut generic = generic.into_iter();

    let mut paras: Vec<String> = Vec::with_capacity(n + 5);
    let mut intro_used = "";
    let mut follow_used = "";
    paras.push(lede);
    for i in 1..n {
        let text = if i == intro_a {
            let t = cx.voiced(rng, desk.intro, "");
            intro_used = t;
            cx.fill(rng, t)
        } else if i == intro_b {
            cx.swap_people();
            let t = cx.voiced(rng, desk.intro, intro_used);
            let t = cx.fill(rng, t);
            cx.swap_people();
            t
        } else if Some(i) == follow_a {
            let t = cx.voiced(rng, desk.follow, "");
            follow_used = t;
            cx.fill(rng, t)
        } else if Some(i) == follow_b {
            cx.swap_people();
            let t = cx.voiced(rng, desk.follow, follow_used);
            let t = cx.fill(rng, t);
            cx.swap_people();
            t
        } else if i == n - 1 {
            let t = pick(rng, desk.close);
            if t.contains("{as}") || t.contains("{As}") {
                // Closing quote from whoever spoke last.
                cx.swap_people();
                let t = cx.fill(rng, t);
                cx.swap_people();
                t
            } else {
                cx.fill(rng, t)
            }
        } else {
            match generic.next() {
                Some(t) => cx.fill(rng, t),
                None => cx.fill_pick(rng, desk.close),
            }
        };
        paras.push(cap(&text));
    }

    // Block quotes after the introductions of A and B.
    let quotes = match rng.u8(0..20) {
        0..=7 => 0,
        8..=16 => 1,
        _ => 2,
    };
    let mut blocks: Vec<(usize, String)> = Vec::new();
    if quotes >= 1 {
        blocks.push((intro_a, cx.block_quote(rng, false)));
    }
    if quotes >= 2 {
        blocks.push((intro_b, cx.block_quote(rng, true)));
    }

    let subheads = subhead_positions(rng, n);
    let mut used = Vec::new();
    let mut body = String::with_capacity(4096);
    for (i, p) in paras.iter().enumerate() {
        if subheads.contains(&i) {
            let mut s = String::new();
            for _ in 0..6 {
                s = cap(&cx.fill_pick(rng, desk.subheads));
                if !used.contains(&s) {
                    break;
                }
            }
            used.push(s.clone());
            push_block(&mut body, &format!("## {s}"));
        }
        push_block(&mut body, p);
        for (_, q) in blocks.iter().filter(|(at, _)| *at == i) {
            push_block(&mut body, q);
        }
    }

    let tags = pick_tags(rng, topic_index, list);
    let (caption, alt) = pick(rng, topic.scenes);
    let caption = cap(&cx.fill(rng, caption));
    let alt = cap(&cx.fill(rng, alt));
    let credit = credit(rng, topic.kind, &cx);
    StorySeed {
        headline,
        standfirst,
        body_markdown: body,
        tags,
        caption,
        credit,
        alt,
        flags: StoryFlags::default(),
    }
}

fn push_block(body: &mut String, block: &str) {
    if !body.is_empty() {
        body.push_str("\n\n");
    }
    body.push_str(block);
}

fn subhead_positions(rng: &mut fastrand::Rng, n: usize) -> Vec<usize> {
    let mut s = 1;
    if n >= 9 && rng.bool() {
        s += 1;
    }
    if n >= 12 && rng.bool() {
        s += 1;
    }
    (1..=s).map(|k| (k * n / (s + 1)).max(2)).collect()
}

fn standfirst(rng: &mut fastrand::Rng, cx: &mut Ctx, pool: &[&str]) -> String {
    let mut best = String::new();
    for _ in 0..10 {
        let mut s = cap(&cx.fill_pick(rng, pool));
        let mut tries = 0;
        while s.split_whitespace().count() < 20 && tries < 4 {
            s.push(' ');
            s.push_str(&cap(&cx.fill_pick(rng, STAND_EXTRA)));
            tries += 1;
        }
        let words = s.split_whitespace().count();
        if (20..=40).contains(&words) {
            return s;
        }
        best = s;
    }
    best
}

fn pick_tags(rng: &mut fastrand::Rng, primary: usize, list: &[&str]) -> Vec<usize> {
    let want = match rng.u8(0..100) {
        0..=34 => 1,
        35..=74 => 2,
        75..=92 => 3,
        _ => 4,
    };
    let mut tags = vec![primary];
    let mut tries = 0;
    while tags.len() < want && tries < 20 {
        tries += 1;
        let t = if rng.u8(0..12) == 0 {
            rng.usize(0..TOPICS.len())
        } else {
            topic_index(pick(rng, list))
        };
        if !tags.contains(&t) && (TOPICS[t].kind == TOPICS[primary].kind || tries > 16) {
            tags.push(t);
        }
    }
    tags
}

fn credit(rng: &mut fastrand::Rng, kind: Kind, cx: &Ctx) -> String {
    let roll = rng.u8(0..10);
    if roll < 3 {
        let female = rng.bool();
        return format!(
            "{} {}",
            pick(rng, if female { FEMALE } else { MALE }),
            pick(rng, SURNAMES)
        );
    }
    let pool: &[&str] = match kind {
        Kind::World => &["AP", "Reuters", "AFP/Getty Images", "EPA", "Reuters", "AP"],
        Kind::Church => &["PA", "Alamy", "Getty Images", "Shutterstock"],
        Kind::Business => &["PA", "Bloomberg/Getty Images", "Reuters", "Alamy"],
        Kind::Culture => &["PA", "Getty Images", "Alamy", "Shutterstock"],
        Kind::Home => &["PA", "PA Wire", "Getty Images", "Alamy", "Reuters"],
    };
    if kind == Kind::Church && roll == 9 {
        return format!("Diocese of {}", cx.diocese);
    }
    pick(rng, pool).to_owned()
}

// ---------------------------------------------------------------------------------------
// Obituaries
// ---------------------------------------------------------------------------------------

fn obituary(rng: &mut fastrand::Rng) -> StorySeed {
    let career = &CAREERS[rng.usize(0..CAREERS.len())];
    let female = if career.male_only { false } else { rng.bool() };
    let first = pick(rng, if female { FEMALE } else { MALE });
    let last = pick(rng, SURNAMES);
    let prefix = pick(rng, career.prefixes);
    let primary = topic_index(pick(rng, career.tags));
    let mut cx = Ctx::new(rng, &TOPICS[primary], &OBIT);
    cx.female = female;
    cx.first = first;
    cx.last = last;
    cx.name = format!("{prefix}{first} {last}");
    cx.short = match prefix.trim() {
        "Canon" | "Dr" | "Professor" | "Sir" => format!("{} {last}", prefix.trim()),
        "Dame" => format!("Dame {first}"),
        "The Rt Rev" => format!("Bishop {last}"),
        _ => last.to_owned(),
    };
    cx.desc = Cow::Owned(cx.fill_pick(rng, career.descriptors));
    cx.achievement = Cow::Owned(cx.fill_pick(rng, career.achievements));
    cx.obit_insts = career.insts;

    // Dates: died recently, aged 58-101.
    let dy = rng.i32(2023..=2025);
    let (dm, dd) = (rng.usize(0..12), rng.u32(1..=28));
    let age = rng.i32(58..=101);
    let (bm, bd) = (rng.usize(0..12), rng.u32(1..=28));
    let by = dy - age - i32::from((bm, bd) > (dm, dd));
    cx.age = (dy - by - i32::from((bm, bd) > (dm, dd))) as u32;
    cx.bdate = format!("{bd} {} {by}", MONTHS[bm]);
    cx.ddate = format!("{dd} {} {dy}", MONTHS[dm]);
    cx.byear = by as u32;
    cx.dyear = dy as u32;
    cx.bplace = pick(rng, UK_PLACES);
    let spouse_female = if rng.u8(0..12) == 0 { female } else { !female };
    cx.spouse = format!(
        "{} {}",
        pick(rng, if spouse_female { FEMALE } else { MALE }),
        pick(rng, SURNAMES)
    );

    let mut headline = String::new();
    for _ in 0..12 {
        cx.headline_mode = true;
        headline = cap(&cx.fill_pick(rng, OBIT_HEADLINES));
        cx.headline_mode = false;
        if (6..=14).contains(&headline.split_whitespace().count()) {
            break;
        }
    }
    if !(6..=14).contains(&headline.split_whitespace().count()) {
        headline = format!("{} has died at the age of {}", cx.name, cx.age);
    }
    let standfirst = standfirst(rng, &mut cx, OBIT_STAND);

    let mut body = String::with_capacity(4096);
    push_block(&mut body, &cap(&cx.fill_pick(rng, OBIT_OPENING)));
    push_block(&mut body, "## Early life");
    push_block(&mut body, &cap(&cx.fill_pick(rng, OBIT_BIRTH)));
    push_block(&mut body, &cap(&cx.fill_pick(rng, OBIT_EDUCATION)));
    push_block(
        &mut body,
        &format!(
            "## {}",
            pick(rng, &["Career", "Work", "A life's work", "Vocation"])
        ),
    );
    let mut career_paras: Vec<&str> = career
        .paras
        .iter()
        .chain(OBIT_CAREER.iter())
        .copied()
        .collect();
    rng.shuffle(&mut career_paras);
    let k = rng.usize(2..=5);
    for p in career_paras.iter().take(k) {
        push_block(&mut body, &cap(&cx.fill(rng, p)));
    }
    if rng.bool() {
        push_block(&mut body, "## Later years");
    }
    push_block(&mut body, &cap(&cx.fill_pick(rng, OBIT_LATER)));
    let tribute_block = rng.u8(0..4) > 0;
    if tribute_block {
        push_block(&mut body, &cap(&cx.fill_pick(rng, OBIT_TRIBUTE_INTRO)));
        let q = cx.fill_pick(rng, OBIT_TRIBUTES);
        let who = format!("{}, {}", cap(&cx.b.name), strip_the(&cx.b.role));
        push_block(&mut body, &format!("> \"{q}\"\n>\n> — {who}"));
    } else {
        push_block(&mut body, &cap(&cx.fill_pick(rng, OBIT_TRIBUTE_PARA)));
    }
    push_block(&mut body, &cap(&cx.fill_pick(rng, OBIT_FAMILY)));
    push_block(
        &mut body,
        &format!(
            "*{}, {}: born {}; died {}*",
            cx.name, cx.desc, cx.bdate, cx.ddate
        ),
    );

    let mut tags = vec![primary];
    for t in career.tags {
        let i = topic_index(t);
        if !tags.contains(&i) && tags.len() < 3 && rng.bool() {
            tags.push(i);
        }
    }
    let when = rng.u32(cx.byear + 25..=cx.dyear - 2);
    let caption = format!("{} in {when}.", cx.name);
    let alt = format!(
        "{} portrait of {} {}",
        if when < 1985 {
            "Black-and-white"
        } else {
            "Head-and-shoulders"
        },
        if cx.age > 80 && when > 2010 {
            "an elderly"
        } else {
            "a smiling"
        },
        if female { "woman" } else { "man" }
    );
    let credit = pick(
        rng,
        &[
            "Family handout",
            "PA",
            "Alamy",
            "Getty Images",
            "Courtesy of the family",
        ],
    )
    .to_owned();
    StorySeed {
        headline: headline.trim_end_matches('.').to_owned(),
        standfirst,
        body_markdown: body,
        tags,
        caption,
        credit,
        alt,
        flags: StoryFlags {
            breaking: false,
            opinion: false,
            obituary: true,
        },
    }
}

// ---------------------------------------------------------------------------------------
// Template filling
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Person {
    name: String,
    short: String,
    role: String,
    /// Speaks for an institution (minister, bishop, chief executive) rather than as a
    /// campaigner, critic or member of the public; decides which quotes fit.
    official: bool,
}

struct Ctx {
    kind: Kind,
    desk: &'static Desk,
    topic: &'static Topic,
    headline_mode: bool,
    place: &'static str,
    place2: &'static str,
    country: &'static str,
    a: Person,
    b: Person,
    inst: [&'static str; 2],
    noun: [&'static str; 2],
    action: [&'static str; 2],
    group: &'static str,
    gov: &'static str,
    pct: [u32; 2],
    num: u32,
    small: u32,
    money: u32,
    bn: u32,
    rate: u32,
    year: u32,
    year2: u32,
    day: &'static str,
    month: &'static str,
    date: String,
    nth: &'static str,
    co: String,
    work: String,
    venue: &'static str,
    prize: &'static str,
    diocese: &'static str,
    church: String,
    cathedral: &'static str,
    synodplace: &'static str,
    cause: &'static str,
    votes: [u32; 6],
    used_quotes: Vec<&'static str>,
    // Obituaries.
    female: bool,
    first: &'static str,
    last: &'static str,
    name: String,
    short: String,
    desc: Cow<'static, str>,
    achievement: Cow<'static, str>,
    obit_insts: &'static [&'static str],
    age: u32,
    bdate: String,
    ddate: String,
    byear: u32,
    dyear: u32,
    bplace: &'static str,
    spouse: String,
}

impl Ctx {
    fn new(rng: &mut fastrand::Rng, topic: &'static Topic, desk: &'static Desk) -> Ctx {
        let kind = topic.kind;
        let (place, country, place2) = if topic.places.is_empty() {
            let (a, b) = pick2(rng, UK_PLACES);
            (a, "Britain", b)
        } else {
            let (a, b) = pick2(rng, topic.places);
            (a.0, a.1, b.0)
        };
        let (i0, i1) = pick2(rng, topic.insts);
        let (n0, n1) = pick2(rng, topic.nouns);
        let (a0, a1) = pick2(rng, topic.actions);
        let gov = match kind {
            Kind::World => pick(rng, &["the government", "the authorities", "officials"]),
            _ => pick(
                rng,
                &[
                    "ministers",
                    "ministers",
                    "senior ministers",
                    "Treasury ministers",
                ],
            ),
        };
        let group = match kind {
            Kind::World => pick(rng, WORLD_GROUPS),
            Kind::Church => pick(rng, CHURCH_GROUPS),
            Kind::Business => pick(rng, BUSINESS_GROUPS),
            Kind::Culture => pick(rng, CULTURE_GROUPS),
            Kind::Home => pick(rng, HOME_GROUPS),
        };
        let co = format!(
            "{} {}",
            pick(rng, CO_PREFIX),
            pick(rng, co_suffixes(topic.slug))
        );
        let work = format!("{} {}", pick(rng, WORK_ADJ), pick(rng, WORK_NOUN));
        let work = if rng.u8(0..3) == 0 {
            work
        } else {
            format!("The {work}")
        };
        let prize = match topic.slug {
            "books" => pick(
                rng,
                &[
                    "the Ashbourne Prize for Fiction",
                    "the Northern Book Award",
                    "the Clarion Prize for Non-Fiction",
                    "the Halstead First Novel Award",
                ],
            ),
            "music" => pick(
                rng,
                &[
                    "the Northern Music Prize",
                    "the Linden Award for Composition",
                    "the Albion Folk Award",
                ],
            ),
            "theatre" => pick(
                rng,
                &[
                    "best new play at the Critics' Awards",
                    "the Marlowe Award for New Writing",
                    "the Redgrave Prize",
                ],
            ),
            "television" => pick(
                rng,
                &[
                    "best drama at the Broadcasting Awards",
                    "the Royal Television Society award for drama",
                    "the Grierson-style Documentary Prize",
                ],
            ),
            _ => pick(
                rng,
                &[
                    "the Turnbull Prize for Contemporary Art",
                    "the Ashworth Award for Painting",
                    "the Northern Art Prize",
                ],
            ),
        };
        let diocese = pick(rng, DIOCESES);
        let church = format!("St {}'s, {}", pick(rng, SAINTS), place);
        let b_votes = rng.u32(18..=38);
        let c_votes = rng.u32(90..=160);
        let l_votes = rng.u32(90..=165);
        let mut cx = Ctx {
            kind,
            desk,
            topic,
            headline_mode: false,
            place,
            place2,
            country,
            a: Person {
                name: String::new(),
                short: String::new(),
                role: String::new(),
                official: false,
            },
            b: Person {
                name: String::new(),
                short: String::new(),
                role: String::new(),
                official: false,
            },
            inst: [i0, i1],
            noun: [n0, n1],
            action: [a0, a1],
            group,
            gov,
            pct: [rng.u32(3..=48), rng.u32(5..=70)],
            num: rng.u32(120..=96_000),
            small: rng.u32(3..=15),
            money: rng.u32(4..=900),
            bn: rng.u32(12..=420),
            rate: rng.u32(18..=62),
            year: rng.u32(1990..=2019),
            year2: rng.u32(2027..=2032),
            day: pick(rng, DAYS),
            month: pick(rng, MONTHS),
            date: format!("{} {}", rng.u32(1..=28), pick(rng, MONTHS)),
            nth: pick(rng, &["second", "third", "fourth", "fifth", "sixth"]),
            co,
            work,
            venue: pick(rng, VENUES),
            prize,
            diocese,
            church,
            cathedral: pick(rng, CATHEDRALS),
            synodplace: pick(rng, &["York", "Church House, Westminster", "London"]),
            cause: pick(rng, CAUSES),
            votes: [
                b_votes * rng.u32(55..=95) / 100,
                0,
                c_votes * rng.u32(52..=90) / 100,
                0,
                l_votes * rng.u32(50..=88) / 100,
                0,
            ],
            used_quotes: Vec::new(),
            female: false,
            first: "",
            last: "",
            name: String::new(),
            short: String::new(),
            desc: Cow::Borrowed(""),
            achievement: Cow::Borrowed(""),
            obit_insts: &[],
            age: 0,
            bdate: String::new(),
            ddate: String::new(),
            byear: 0,
            dyear: 0,
            bplace: "",
            spouse: String::new(),
        };
        cx.votes[1] = b_votes - cx.votes[0];
        cx.votes[3] = c_votes - cx.votes[2];
        cx.votes[5] = l_votes - cx.votes[4];
        let mut names = HashSet::new();
        cx.a = cx.person(rng, &mut names);
        cx.b = cx.person(rng, &mut names);
        for _ in 0..4 {
            if cx.b.role != cx.a.role {
                break;
            }
            cx.b = cx.person(rng, &mut names);
        }
        cx
    }

    fn person(&mut self, rng: &mut fastrand::Rng, names: &mut HashSet<&'static str>) -> Person {
        let mut female = rng.bool();
        let mut last = pick(rng, SURNAMES);
        while !names.insert(last) {
            last = pick(rng, SURNAMES);
        }
        let (name_fmt, short_fmt, role): (&str, &str, &str) =
            if self.kind == Kind::Church && rng.u8(0..10) < 6 {
                let (n, s, r, male_only) = pick(
                    rng,
                    if self.topic.slug == "catholic-church" {
                        CATHOLIC_CLERGY
                    } else {
                        CLERGY
                    },
                );
                if male_only {
                    female = false;
                }
                (n, s, r)
            } else {
                let roles = if !self.topic.roles.is_empty() && rng.u8(0..4) > 0 {
                    self.topic.roles
                } else {
                    kind_roles(self.kind)
                };
                ("{n}", "{l}", pick(rng, roles))
            };
        if role.contains("father") {
            female = false;
        } else if role.contains("mother") || role.contains("sister") {
            female = true;
        }
        let first = pick(rng, if female { FEMALE } else { MALE });
        let full = format!("{first} {last}");
        let role = role
            .replace("{diocese}", pick(rng, DIOCESES))
            .replace("{saint}", pick(rng, SAINTS))
            .replace("{cdiocese}", pick(rng, CATHOLIC_DIOCESES))
            .replace("{cathedral}", pick(rng, CATHEDRALS));
        let role = self.fill_static(rng, &role);
        let official = is_official(&role);
        Person {
            name: name_fmt.replace("{n}", &full),
            short: short_fmt.replace("{l}", last).replace("{f}", first),
            role,
            official,
        }
    }

    fn swap_people(&mut self) {
        std::mem::swap(&mut self.a, &mut self.b);
    }

    fn block_quote(&mut self, rng: &mut fastrand::Rng, use_b: bool) -> String {
        if use_b {
            self.swap_people();
        }
        let q = self.quote(rng);
        if use_b {
            self.swap_people();
        }
        let p = if use_b { &self.b } else { &self.a };
        let who = format!("{}, {}", cap(&p.name), strip_the(&p.role));
        format!("> \"{q}\"\n>\n> — {who}")
    }

    /// A quote that fits the voice of the current speaker (`a`), not yet used in this story.
    fn quote(&mut self, rng: &mut fastrand::Rng) -> String {
        let mut q = "";
        for _ in 0..12 {
            q = if rng.u8(0..10) < 6 {
                pick(rng, self.desk.quotes)
            } else {
                pick(rng, SHARED_QUOTES)
            };
            if fits_voice(q, self.a.official) && !self.used_quotes.contains(&q) {
                break;
            }
        }
        self.used_quotes.push(q);
        let filled = self.fill(rng, q);
        cap(&filled)
    }

    /// A template from `pool` that fits the current speaker's voice, avoiding `avoid`.
    fn voiced(&self, rng: &mut fastrand::Rng, pool: &[&'static str], avoid: &str) -> &'static str {
        let mut t = pool[0];
        for _ in 0..12 {
            t = pick(rng, pool);
            if fits_voice(t, self.a.official) && t != avoid {
                break;
            }
        }
        t
    }

    fn fill_pick(&mut self, rng: &mut fastrand::Rng, pool: &[&str]) -> String {
        let tpl = pick(rng, pool);
        self.fill(rng, tpl)
    }

    fn fill_static(&mut self, rng: &mut fastrand::Rng, tpl: &str) -> String {
        self.fill(rng, tpl)
    }

    fn fill(&mut self, rng: &mut fastrand::Rng, tpl: &str) -> String {
        let tpl = strip_voice(tpl);
        let mut out = String::with_capacity(tpl.len() + 64);
        self.fill_into(rng, tpl, &mut out, 0);
        out
    }

    fn fill_into(&mut self, rng: &mut fastrand::Rng, tpl: &str, out: &mut String, depth: u8) {
        let mut rest = tpl;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return;
            };
            let key = &after[..close];
            rest = &after[close + 1..];
            let value = self.value(rng, key);
            let value: Cow<str> = if value.contains('{') && depth < 4 {
                let value = strip_voice(&value);
                let mut inner = String::with_capacity(value.len() + 32);
                self.fill_into(rng, value, &mut inner, depth + 1);
                Cow::Owned(inner)
            } else {
                value
            };
            let upper_first = key.chars().next().is_some_and(|c| c.is_ascii_uppercase());
            if key.len() > 1 && key.chars().all(|c| c.is_ascii_uppercase()) {
                out.push_str(&value.to_uppercase());
            } else if upper_first {
                out.push_str(&cap(&value));
            } else {
                out.push_str(&value);
            }
        }
        out.push_str(rest);
    }

    fn value(&mut self, rng: &mut fastrand::Rng, key: &str) -> Cow<'static, str> {
        let lower = key.to_ascii_lowercase();
        let headline = self.headline_mode;
        let strip = |s: &'static str| -> Cow<'static, str> {
            if headline {
                Cow::Borrowed(s.strip_prefix("the ").unwrap_or(s))
            } else {
                Cow::Borrowed(s)
            }
        };
        match lower.as_str() {
            "place" => Cow::Borrowed(self.place),
            "place2" => Cow::Borrowed(self.place2),
            "country" => Cow::Borrowed(self.country),
            "a" => Cow::Owned(self.a.name.clone()),
            "as" => Cow::Owned(self.a.short.clone()),
            "ar" => Cow::Owned(self.a.role.clone()),
            "b" => Cow::Owned(self.b.name.clone()),
            "bs" => Cow::Owned(self.b.short.clone()),
            "br" => Cow::Owned(self.b.role.clone()),
            "inst" => strip(self.inst[0]),
            "inst2" => strip(self.inst[1]),
            "noun" => Cow::Borrowed(self.noun[0]),
            "noun2" => Cow::Borrowed(self.noun[1]),
            "action" => Cow::Borrowed(self.action[0]),
            "action2" => Cow::Borrowed(self.action[1]),
            "group" => strip(self.group),
            "gov" => Cow::Borrowed(self.gov),
            "pct" => Cow::Owned(self.pct[0].to_string()),
            "pct2" => Cow::Owned(self.pct[1].to_string()),
            "num" => Cow::Owned(thousands(self.num)),
            "small" => Cow::Owned(self.small.to_string()),
            "money" => Cow::Owned(self.money.to_string()),
            "bn" => Cow::Owned(format!("{}.{}", self.bn / 10, self.bn % 10)),
            "rate" => Cow::Owned(format!("{}.{}", self.rate / 10, self.rate % 10)),
            "year" => Cow::Owned(self.year.to_string()),
            "year2" => Cow::Owned(self.year2.to_string()),
            "day" => Cow::Borrowed(self.day),
            "month" => Cow::Borrowed(self.month),
            "date" => Cow::Owned(self.date.clone()),
            "nth" => Cow::Borrowed(self.nth),
            "co" => Cow::Owned(self.co.clone()),
            "work" => Cow::Owned(self.work.clone()),
            "venue" => Cow::Borrowed(self.venue),
            "prize" => Cow::Borrowed(self.prize),
            "diocese" => Cow::Borrowed(self.diocese),
            "church" => Cow::Owned(self.church.clone()),
            "cathedral" => Cow::Borrowed(self.cathedral),
            "synodplace" => Cow::Borrowed(self.synodplace),
            "cause" => Cow::Borrowed(self.cause),
            "vb" => Cow::Owned(self.votes[0].to_string()),
            "vbn" => Cow::Owned(self.votes[1].to_string()),
            "vc" => Cow::Owned(self.votes[2].to_string()),
            "vcn" => Cow::Owned(self.votes[3].to_string()),
            "vl" => Cow::Owned(self.votes[4].to_string()),
            "vln" => Cow::Owned(self.votes[5].to_string()),
            "abst" => Cow::Owned((self.votes[1] % 7 + 1).to_string()),
            "quote" => Cow::Owned(self.quote(rng)),
            "quotec" => Cow::Owned(said_comma(self.quote(rng))),
            "tributec" => Cow::Owned(said_comma(pick(rng, OBIT_TRIBUTES).to_owned())),
            "numr" => Cow::Owned(thousands(round2(self.num))),
            "smallw" => Cow::Borrowed(NUMBER_WORDS[self.small as usize]),
            "bn2" => Cow::Owned(format!(
                "{}.{}",
                (self.bn * 7 + 13) % 300 / 10 + 1,
                self.bn % 7
            )),
            "ajob" => {
                let job = pick(rng, PARENT_JOBS);
                let article = if job.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                Cow::Owned(format!("{article} {job}"))
            }
            "spousefirst" => {
                Cow::Owned(self.spouse.split(' ').next().unwrap_or_default().to_owned())
            }
            "qfrag" => Cow::Borrowed(pick(rng, self.desk.qfrags)),
            "saint" => Cow::Borrowed(pick(rng, SAINTS)),
            "tribute" => Cow::Borrowed(pick(rng, OBIT_TRIBUTES)),
            "cdiocese" => {
                Cow::Borrowed(CATHOLIC_DIOCESES[self.votes[2] as usize % CATHOLIC_DIOCESES.len()])
            }
            "town" => Cow::Borrowed(pick(rng, UK_PLACES)),
            // Obituaries.
            "name" => Cow::Owned(self.name.clone()),
            "first" => Cow::Borrowed(self.first),
            "last" => Cow::Borrowed(self.last),
            "short" => Cow::Owned(self.short.clone()),
            "pr" => Cow::Borrowed(if self.female { "she" } else { "he" }),
            "pos" => Cow::Borrowed(if self.female { "her" } else { "his" }),
            "obj" => Cow::Borrowed(if self.female { "her" } else { "him" }),
            "parent" => Cow::Borrowed(if self.female { "daughter" } else { "son" }),
            "desc" => self.desc.clone(),
            "ach" => self.achievement.clone(),
            "age" => Cow::Owned(self.age.to_string()),
            "bdate" => Cow::Owned(self.bdate.clone()),
            "ddate" => Cow::Owned(self.ddate.clone()),
            "byear" => Cow::Owned(self.byear.to_string()),
            "yr20" => Cow::Owned((self.byear + rng.u32(18..=24)).to_string()),
            "yr30" => Cow::Owned((self.byear + rng.u32(26..=36)).to_string()),
            "yr50" => Cow::Owned((self.byear + rng.u32(44..=56)).to_string()),
            "bplace" => Cow::Borrowed(self.bplace),
            "oinst" => Cow::Borrowed(if self.obit_insts.is_empty() {
                "the BBC"
            } else {
                pick(rng, self.obit_insts)
            }),
            "job" => Cow::Borrowed(pick(rng, PARENT_JOBS)),
            "school" => Cow::Owned(format!(
                "{} {}",
                pick(rng, UK_PLACES),
                pick(
                    rng,
                    &[
                        "Grammar School",
                        "High School",
                        "County School",
                        "Comprehensive",
                        "Academy"
                    ]
                )
            )),
            "uni" => Cow::Borrowed(pick(rng, UNIVERSITIES)),
            "subject" => Cow::Borrowed(pick(rng, SUBJECTS)),
            "spouse" => Cow::Owned(self.spouse.clone()),
            "kids" => Cow::Borrowed(pick(
                rng,
                &[
                    "two sons",
                    "two daughters",
                    "a son and a daughter",
                    "three children",
                    "four children",
                    "a daughter",
                    "a son",
                ],
            )),
            "grand" => Cow::Borrowed(pick(
                rng,
                &[
                    "six grandchildren",
                    "five grandchildren",
                    "nine grandchildren",
                    "eight grandchildren",
                    "three grandchildren",
                    "eleven grandchildren",
                ],
            )),
            _ => Cow::Owned(format!("{{{key}}}")),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn pick<T: Copy>(rng: &mut fastrand::Rng, items: &[T]) -> T {
    items[rng.usize(0..items.len())]
}

/// Two different items (the same one only if there is just one).
fn pick2<T: Copy>(rng: &mut fastrand::Rng, items: &[T]) -> (T, T) {
    let i = rng.usize(0..items.len());
    if items.len() < 2 {
        return (items[i], items[i]);
    }
    let j = (i + 1 + rng.usize(0..items.len() - 1)) % items.len();
    (items[i], items[j])
}

fn cap(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s.to_owned(),
    }
}

/// Templates may start with `o:` (official voice only) or `p:` (public voice only).
fn strip_voice(t: &str) -> &str {
    t.strip_prefix("o:")
        .or_else(|| t.strip_prefix("p:"))
        .unwrap_or(t)
}

fn fits_voice(t: &str, official: bool) -> bool {
    !(t.starts_with("o:") && !official || t.starts_with("p:") && official)
}

fn is_official(role: &str) -> bool {
    const OFFICIAL: &[&str] = &[
        "secretary",
        "minister",
        "chief executive",
        "spokes",
        "director",
        "chair",
        "Bishop",
        "Dean",
        "Archdeacon",
        "leader of",
        "chancellor",
        "MP for",
        "commissioner",
        "chief constable",
        "government",
        "official",
        "mayor",
        "senator",
        "congressman",
        "Commons Leader",
        "chief inspector",
        "Monetary Policy",
        "Vicar General",
        "Canon Treasurer",
        "Synod",
        "Council",
    ];
    let critic = [
        "general secretary",
        "shadow",
        "former",
        "campaign",
        "opposition",
    ]
    .iter()
    .any(|w| role.contains(w));
    !critic && OFFICIAL.iter().any(|w| role.contains(w))
}

/// `Quote.` → `Quote,` before "X said".
fn said_comma(mut q: String) -> String {
    if q.ends_with('.') {
        q.pop();
        q.push(',');
    }
    q
}

/// Rounds to two significant figures, for "more than 2,300 people".
fn round2(n: u32) -> u32 {
    let mut unit = 1;
    while n / unit >= 100 {
        unit *= 10;
    }
    n / unit * unit
}

const NUMBER_WORDS: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
];

fn strip_the(s: &str) -> &str {
    s.strip_prefix("the ").unwrap_or(s)
}

fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn topic_index(slug: &str) -> usize {
    TOPICS.iter().position(|t| t.slug == slug).unwrap_or(0)
}

fn desk_for(kind: Kind) -> &'static Desk {
    match kind {
        Kind::Home => &HOME,
        Kind::World => &WORLD,
        Kind::Church => &CHURCH,
        Kind::Business => &BUSINESS,
        Kind::Culture => &CULTURE,
    }
}

fn kind_roles(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Home => HOME_ROLES,
        Kind::World => WORLD_ROLES,
        Kind::Church => CHURCH_LAY_ROLES,
        Kind::Business => BUSINESS_ROLES,
        Kind::Culture => CULTURE_ROLES,
    }
}

fn section_topics(slug: &str) -> &'static [&'static str] {
    match slug {
        "news" => &[
            "nhs",
            "housing",
            "education",
            "policing",
            "immigration",
            "transport",
            "westminster",
            "cost-of-living",
            "climate",
            "courts",
            "defence",
            "royal-family",
            "weather",
            "welfare",
            "ukraine",
            "middle-east",
            "iraq",
            "united-states",
            "refugees",
            "economy",
            "interest-rates",
            "energy",
            "church-of-england",
            "assisted-dying",
        ],
        "uk" => &[
            "nhs",
            "housing",
            "education",
            "policing",
            "immigration",
            "transport",
            "westminster",
            "cost-of-living",
            "climate",
            "courts",
            "defence",
            "royal-family",
            "weather",
            "welfare",
        ],
        "world" => &[
            "ukraine",
            "russia",
            "iraq",
            "middle-east",
            "united-states",
            "china",
            "africa",
            "europe",
            "india",
            "refugees",
        ],
        "church" => &[
            "church-of-england",
            "general-synod",
            "anglican-communion",
            "safeguarding",
            "catholic-church",
            "cathedrals",
            "interfaith",
            "assisted-dying",
            "church-of-england",
            "general-synod",
        ],
        "comment" => &[
            "nhs",
            "housing",
            "education",
            "immigration",
            "westminster",
            "cost-of-living",
            "climate",
            "welfare",
            "ukraine",
            "middle-east",
            "refugees",
            "church-of-england",
            "general-synod",
            "safeguarding",
            "assisted-dying",
            "economy",
            "technology",
            "jobs",
            "books",
        ],
        "business" => &[
            "economy",
            "interest-rates",
            "energy",
            "retail",
            "technology",
            "jobs",
        ],
        "culture" => &["books", "music", "theatre", "television", "art"],
        _ => &["nhs", "housing", "education", "transport", "climate"],
    }
}

fn co_suffixes(topic: &str) -> &'static [&'static str] {
    match topic {
        "energy" => &["Energy", "Power", "Utilities", "Renewables"],
        "retail" => &["Retail", "Stores", "Foods", "Home"],
        "technology" => &["Technologies", "Digital", "Systems", "Software"],
        "interest-rates" => &["Bank", "Building Society", "Finance", "Capital"],
        _ => &[
            "Group",
            "Holdings",
            "Logistics",
            "Industries",
            "Homes",
            "plc",
        ],
    }
}

// ---------------------------------------------------------------------------------------
// Tables: sections, topics, desks
// ---------------------------------------------------------------------------------------

const SECTIONS: &[SectionSeed] = &[
    SectionSeed {
        slug: "news",
        name: "News",
        description: "The day's most important stories from Britain and around the world.",
    },
    SectionSeed {
        slug: "world",
        name: "World",
        description: "Reporting from our correspondents abroad.",
    },
    SectionSeed {
        slug: "uk",
        name: "UK",
        description: "News from across England, Scotland, Wales and Northern Ireland.",
    },
    SectionSeed {
        slug: "church",
        name: "Church",
        description: "The Church of England, the Anglican Communion and the wider world of faith.",
    },
    SectionSeed {
        slug: "comment",
        name: "Comment",
        description: "Opinion, argument and analysis from our columnists and guest writers.",
    },
    SectionSeed {
        slug: "obituaries",
        name: "Obituaries",
        description: "Lives remembered.",
    },
    SectionSeed {
        slug: "business",
        name: "Business",
        description: "Markets, companies, jobs and the economy.",
    },
    SectionSeed {
        slug: "culture",
        name: "Culture",
        description: "Books, music, theatre, television and the arts.",
    },
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Home,
    World,
    Church,
    Business,
    Culture,
}

struct Topic {
    slug: &'static str,
    name: &'static str,
    kind: Kind,
    /// Plural things that can rise, fall and be argued about.
    nouns: &'static [&'static str],
    /// Infinitive verb phrases: "cut waiting lists".
    actions: &'static [&'static str],
    insts: &'static [&'static str],
    roles: &'static [&'static str],
    /// (city, country); empty for Britain.
    places: &'static [(&'static str, &'static str)],
    /// (caption, alt text).
    scenes: &'static [(&'static str, &'static str)],
}

struct Desk {
    pairs: &'static [(&'static str, &'static str)],
    stand: &'static [&'static str],
    paras: &'static [&'static str],
    shared: &'static [&'static str],
    intro: &'static [&'static str],
    follow: &'static [&'static str],
    close: &'static [&'static str],
    subheads: &'static [&'static str],
    quotes: &'static [&'static str],
    qfrags: &'static [&'static str],
}

const TOPICS: &[Topic] = &[
    Topic {
        slug: "nhs",
        name: "NHS",
        kind: Kind::Home,
        nouns: &[
            "waiting lists",
            "ambulance delays",
            "A&E waits",
            "nursing vacancies",
            "cancelled operations",
            "GP shortages",
        ],
        actions: &[
            "cut waiting lists",
            "recruit more GPs",
            "reopen the maternity unit",
            "end corridor care",
            "fund more hospital beds",
            "give nurses a fair pay rise",
        ],
        insts: &[
            "NHS England",
            "the Royal College of Nursing",
            "the British Medical Association",
            "the Department of Health",
            "the Care Quality Commission",
            "the NHS Confederation",
        ],
        roles: &[
            "a consultant in emergency medicine at {place} General Hospital",
            "the health secretary",
            "the shadow health secretary",
            "a GP in {place}",
            "chief executive of the {place} hospitals trust",
            "a senior nurse in {place}",
            "chair of the Commons health committee",
        ],
        places: &[],
        scenes: &[
            (
                "Ambulances queue outside the emergency department at {place} General Hospital on {day}.",
                "ambulances parked in a line outside a hospital entrance",
            ),
            (
                "Nurses on a picket line outside a hospital in {place}.",
                "nurses holding placards outside a hospital",
            ),
        ],
    },
    Topic {
        slug: "housing",
        name: "Housing",
        kind: Kind::Home,
        nouns: &[
            "private rents",
            "eviction notices",
            "temporary accommodation costs",
            "housing waiting lists",
            "mortgage arrears",
            "empty homes",
        ],
        actions: &[
            "build more social homes",
            "ban no-fault evictions",
            "cap rent rises",
            "bring empty homes back into use",
            "tighten rules on damp and mould",
        ],
        insts: &[
            "the Local Government Association",
            "the housing ministry",
            "the National Housing Federation",
            "{place} City Council",
            "the Housing Ombudsman",
        ],
        roles: &[
            "the housing minister",
            "a tenant in {place}",
            "leader of {place} City Council",
            "a housing officer in {place}",
            "the shadow housing secretary",
            "chief executive of a housing association in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "New homes under construction on the edge of {place}.",
                "rows of half-built brick houses and a crane",
            ),
            (
                "A tower block in {place} on {day}.",
                "a high-rise residential block against a grey sky",
            ),
        ],
    },
    Topic {
        slug: "education",
        name: "Education",
        kind: Kind::Home,
        nouns: &[
            "teacher vacancies",
            "pupil absences",
            "school exclusions",
            "class sizes",
            "special needs assessment delays",
            "school repair bills",
        ],
        actions: &[
            "recruit more teachers",
            "fix crumbling classrooms",
            "expand free school meals",
            "reform Ofsted inspections",
            "fund special needs places",
        ],
        insts: &[
            "Ofsted",
            "the Department for Education",
            "the National Education Union",
            "the Association of School and College Leaders",
            "{place} council's education department",
        ],
        roles: &[
            "the education secretary",
            "a headteacher in {place}",
            "general secretary of the National Education Union",
            "a parent in {place}",
            "chief inspector of schools",
            "a teacher in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "Pupils arrive for the start of term at a primary school in {place}.",
                "children with rucksacks walking through a school gate",
            ),
            (
                "An empty classroom in {place}.",
                "rows of empty desks in a classroom",
            ),
        ],
    },
    Topic {
        slug: "policing",
        name: "Policing",
        kind: Kind::Home,
        nouns: &[
            "knife crime offences",
            "shoplifting reports",
            "unsolved burglaries",
            "complaints against officers",
            "police response times",
        ],
        actions: &[
            "put more officers on the beat",
            "tackle shoplifting",
            "reform police misconduct hearings",
            "crack down on county lines gangs",
        ],
        insts: &[
            "the Home Office",
            "{place} Police",
            "the Independent Office for Police Conduct",
            "the Police Federation",
            "HM Inspectorate of Constabulary",
        ],
        roles: &[
            "chief constable of {place} Police",
            "the police and crime commissioner for {place}",
            "the policing minister",
            "a shopkeeper in {place}",
            "a former detective chief superintendent",
        ],
        places: &[],
        scenes: &[
            (
                "Police officers on patrol in {place} city centre.",
                "two police officers in high-visibility jackets on a street",
            ),
            (
                "A police cordon in {place} on {day}.",
                "police tape across a residential street",
            ),
        ],
    },
    Topic {
        slug: "immigration",
        name: "Immigration",
        kind: Kind::Home,
        nouns: &[
            "small boat crossings",
            "asylum backlogs",
            "visa applications",
            "hotel costs for asylum seekers",
            "deportation appeals",
        ],
        actions: &[
            "clear the asylum backlog",
            "close asylum hotels",
            "reform the visa system",
            "open safe and legal routes",
        ],
        insts: &[
            "the Home Office",
            "the Migration Advisory Committee",
            "the Refugee Council",
            "Border Force",
        ],
        roles: &[
            "the home secretary",
            "the immigration minister",
            "a volunteer at a refugee centre in {place}",
            "the shadow home secretary",
            "an immigration lawyer in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "A Border Force vessel in Dover harbour on {day}.",
                "a grey patrol boat moored in a harbour",
            ),
            (
                "A hotel used to house asylum seekers in {place}.",
                "the front of a large hotel building",
            ),
        ],
    },
    Topic {
        slug: "transport",
        name: "Transport",
        kind: Kind::Home,
        nouns: &[
            "rail fares",
            "train cancellations",
            "bus route cuts",
            "potholes",
            "delays on the line",
            "road closures",
        ],
        actions: &[
            "reopen the branch line",
            "freeze rail fares",
            "restore axed bus routes",
            "fix the county's potholes",
            "electrify the line",
        ],
        insts: &[
            "Network Rail",
            "the Department for Transport",
            "the Office of Rail and Road",
            "Transport for the North",
            "{place} County Council",
        ],
        roles: &[
            "the transport secretary",
            "the rail minister",
            "a commuter from {place}",
            "chair of the {place} rail users' group",
            "general secretary of the RMT",
        ],
        places: &[],
        scenes: &[
            (
                "Passengers wait on the platform at {place} station on {day}.",
                "passengers standing on a railway platform",
            ),
            (
                "A train approaches {place} at dusk.",
                "a passenger train on tracks at dusk",
            ),
        ],
    },
    Topic {
        slug: "westminster",
        name: "Westminster",
        kind: Kind::Home,
        nouns: &[
            "ministerial resignations",
            "lobbying complaints",
            "MPs' second jobs",
            "leaks from the Cabinet",
            "backbench rebellions",
        ],
        actions: &[
            "tighten the rules on lobbying",
            "ban MPs' second jobs",
            "reform the House of Lords",
            "publish the inquiry report in full",
        ],
        insts: &[
            "Downing Street",
            "the Cabinet Office",
            "the Commons standards committee",
            "the Electoral Commission",
            "the Speaker's office",
        ],
        roles: &[
            "the Commons Leader",
            "a senior backbencher",
            "the MP for {place}",
            "a former Cabinet minister",
            "chair of the public administration committee",
            "the shadow chancellor",
        ],
        places: &[],
        scenes: &[
            (
                "The Houses of Parliament in Westminster on {day}.",
                "the Palace of Westminster seen across the river",
            ),
            (
                "Ministers arrive in Downing Street for a Cabinet meeting.",
                "a black door with people walking past",
            ),
        ],
    },
    Topic {
        slug: "cost-of-living",
        name: "Cost of living",
        kind: Kind::Home,
        nouns: &[
            "food prices",
            "energy bills",
            "food bank referrals",
            "council tax bills",
            "childcare costs",
        ],
        actions: &[
            "extend the energy price cap",
            "freeze council tax",
            "raise the minimum wage",
            "expand free childcare",
        ],
        insts: &[
            "the Trussell Trust",
            "the Resolution Foundation",
            "Ofgem",
            "Citizens Advice",
            "the Office for National Statistics",
        ],
        roles: &[
            "manager of a food bank in {place}",
            "a mother of three from {place}",
            "the work and pensions secretary",
            "chief economist at a think tank",
            "a pensioner in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "Volunteers sort donations at a food bank in {place}.",
                "volunteers stacking tins on shelves",
            ),
            (
                "Shoppers in {place} high street on {day}.",
                "people walking along a shopping street",
            ),
        ],
    },
    Topic {
        slug: "climate",
        name: "Climate",
        kind: Kind::Home,
        nouns: &[
            "carbon emissions",
            "flood warnings",
            "sewage discharges",
            "heat-related deaths",
            "wildfire call-outs",
        ],
        actions: &[
            "meet the 2030 climate target",
            "insulate millions of homes",
            "stop sewage spills",
            "ban new oil and gas licences",
            "plant more trees",
        ],
        insts: &[
            "the Environment Agency",
            "the Climate Change Committee",
            "the Met Office",
            "Ofwat",
            "Natural England",
        ],
        roles: &[
            "the environment secretary",
            "a climate scientist at the University of {place}",
            "a river campaigner in {place}",
            "a farmer near {place}",
            "chief executive of the Environment Agency",
        ],
        places: &[],
        scenes: &[
            (
                "Floodwater on farmland near {place} on {day}.",
                "flooded fields under a heavy sky",
            ),
            (
                "Wind turbines off the coast near {place}.",
                "a row of wind turbines at sea",
            ),
        ],
    },
    Topic {
        slug: "courts",
        name: "Courts",
        kind: Kind::Home,
        nouns: &[
            "court backlogs",
            "delays to rape trials",
            "legal aid cuts",
            "prison overcrowding",
            "remand numbers",
        ],
        actions: &[
            "clear the Crown Court backlog",
            "restore legal aid",
            "build more prison places",
            "hire more judges",
        ],
        insts: &[
            "the Ministry of Justice",
            "the Bar Council",
            "the Law Society",
            "the Crown Prosecution Service",
            "HM Inspectorate of Prisons",
        ],
        roles: &[
            "the justice secretary",
            "a barrister in {place}",
            "chair of the Bar Council",
            "a retired High Court judge",
            "a victims' commissioner",
        ],
        places: &[],
        scenes: &[
            (
                "{place} Crown Court on {day}.",
                "the stone front of a court building",
            ),
            (
                "The Royal Courts of Justice in London.",
                "a gothic court building with arched windows",
            ),
        ],
    },
    Topic {
        slug: "defence",
        name: "Defence",
        kind: Kind::Home,
        nouns: &[
            "defence costs",
            "recruitment shortfalls",
            "equipment delays",
            "army housing complaints",
        ],
        actions: &[
            "raise defence spending",
            "rebuild the Army",
            "replace ageing warships",
            "fix military housing",
        ],
        insts: &[
            "the Ministry of Defence",
            "the Royal Navy",
            "the National Audit Office",
            "the Commons defence committee",
        ],
        roles: &[
            "the defence secretary",
            "a retired general",
            "the armed forces minister",
            "a former Royal Navy commander",
            "a defence analyst",
        ],
        places: &[],
        scenes: &[
            (
                "A Royal Navy frigate leaves Portsmouth on {day}.",
                "a grey warship leaving a harbour",
            ),
            (
                "Soldiers on exercise on Salisbury Plain.",
                "soldiers walking across open grassland",
            ),
        ],
    },
    Topic {
        slug: "royal-family",
        name: "Royal family",
        kind: Kind::Home,
        nouns: &[
            "royal travel bills",
            "palace repair costs",
            "security costs for minor royals",
            "Sovereign Grant overspends",
        ],
        actions: &[
            "open Buckingham Palace to more visitors",
            "publish the royal accounts in full",
            "slim down the monarchy",
        ],
        insts: &[
            "Buckingham Palace",
            "the Royal Household",
            "the Crown Estate",
            "Historic Royal Palaces",
        ],
        roles: &[
            "a royal biographer",
            "a former royal press secretary",
            "a constitutional historian",
            "a well-wisher from {place}",
        ],
        places: &[],
        scenes: &[
            (
                "Crowds gather on the Mall on {day}.",
                "a large crowd lining a wide avenue",
            ),
            (
                "The King greets well-wishers in {place}.",
                "people waving small flags behind a barrier",
            ),
        ],
    },
    Topic {
        slug: "weather",
        name: "Weather",
        kind: Kind::Home,
        nouns: &[
            "flood warnings",
            "storm-related power cuts",
            "heat health alerts",
            "travel disruptions",
        ],
        actions: &[
            "improve flood defences",
            "protect vulnerable people in heatwaves",
            "restore power to every home",
        ],
        insts: &[
            "the Met Office",
            "the Environment Agency",
            "National Highways",
            "the UK Health Security Agency",
        ],
        roles: &[
            "a Met Office forecaster",
            "a householder in {place}",
            "a farmer near {place}",
            "a councillor in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "Waves crash over the sea wall at {place} on {day}.",
                "large waves breaking over a harbour wall",
            ),
            (
                "Snow covers hills near {place}.",
                "snow-covered hills under a pale sky",
            ),
        ],
    },
    Topic {
        slug: "welfare",
        name: "Welfare",
        kind: Kind::Home,
        nouns: &[
            "benefit sanctions",
            "universal credit claims",
            "disability assessment delays",
            "child poverty figures",
        ],
        actions: &[
            "scrap the two-child limit",
            "reform disability assessments",
            "raise universal credit",
            "end benefit sanctions",
        ],
        insts: &[
            "the Department for Work and Pensions",
            "the Child Poverty Action Group",
            "the Joseph Rowntree Foundation",
            "the Office for Budget Responsibility",
        ],
        roles: &[
            "the work and pensions secretary",
            "a single father in {place}",
            "a welfare rights adviser in {place}",
            "a disability campaigner",
        ],
        places: &[],
        scenes: &[
            (
                "A jobcentre in {place} on {day}.",
                "the entrance to a jobcentre building",
            ),
            (
                "A terraced street in {place}.",
                "a long street of red-brick terraced houses",
            ),
        ],
    },
    Topic {
        slug: "ukraine",
        name: "Ukraine",
        kind: Kind::World,
        nouns: &[
            "drone attacks",
            "civilian casualties",
            "power outages",
            "attacks on energy infrastructure",
            "missing prisoners of war",
        ],
        actions: &[
            "secure a ceasefire",
            "rebuild the power grid",
            "return deported children",
            "agree new air defence supplies",
        ],
        insts: &[
            "the UN monitoring mission",
            "Kyiv's military administration",
            "Nato",
            "the International Committee of the Red Cross",
            "Ukraine's energy ministry",
        ],
        roles: &[
            "a Ukrainian MP",
            "a teacher in {place}",
            "a volunteer medic in {place}",
            "the city's deputy mayor",
            "a Ukrainian government adviser",
        ],
        places: &[
            ("Kyiv", "Ukraine"),
            ("Kharkiv", "Ukraine"),
            ("Odesa", "Ukraine"),
            ("Lviv", "Ukraine"),
            ("Dnipro", "Ukraine"),
            ("Zaporizhzhia", "Ukraine"),
        ],
        scenes: &[
            (
                "Residents shelter in a metro station in {place} on {day}.",
                "people sitting on the floor of an underground station",
            ),
            (
                "A damaged apartment block in {place}.",
                "a residential building with blown-out windows",
            ),
        ],
    },
    Topic {
        slug: "russia",
        name: "Russia",
        kind: Kind::World,
        nouns: &[
            "arrests of dissidents",
            "sanctions-busting oil exports",
            "military spending",
            "prosecutions of journalists",
        ],
        actions: &[
            "tighten sanctions",
            "release detained journalists",
            "cut its reliance on oil revenues",
        ],
        insts: &[
            "the Kremlin",
            "Russia's central bank",
            "the European Commission",
            "Memorial, the human rights group",
        ],
        roles: &[
            "an exiled Russian opposition politician",
            "a Moscow-based economist",
            "a Western diplomat",
            "a Russian journalist",
        ],
        places: &[
            ("Moscow", "Russia"),
            ("St Petersburg", "Russia"),
            ("Riga", "Latvia"),
            ("Tbilisi", "Georgia"),
        ],
        scenes: &[
            (
                "The Kremlin in Moscow on {day}.",
                "red-brick walls and towers under snow",
            ),
            (
                "Protesters in {place}.",
                "a crowd holding banners in a square",
            ),
        ],
    },
    Topic {
        slug: "iraq",
        name: "Iraq",
        kind: Kind::World,
        nouns: &[
            "power cuts",
            "water shortages",
            "attacks on oil facilities",
            "kidnappings",
            "protests over jobs",
        ],
        actions: &[
            "restore electricity supplies",
            "rebuild the old city",
            "end the water crisis",
            "hold fresh elections",
        ],
        insts: &[
            "the Iraqi government",
            "the Kurdistan Regional Government",
            "the UN Assistance Mission for Iraq",
            "Iraq's electoral commission",
        ],
        roles: &[
            "an Iraqi MP",
            "a shopkeeper in {place}",
            "a doctor in {place}",
            "a spokesman for the governor of {place}",
            "an analyst at a Baghdad think tank",
        ],
        places: &[
            ("Baghdad", "Iraq"),
            ("Mosul", "Iraq"),
            ("Erbil", "Iraq"),
            ("Basra", "Iraq"),
            ("Najaf", "Iraq"),
            ("Kirkuk", "Iraq"),
        ],
        scenes: &[
            (
                "The old city of {place} on {day}.",
                "low buildings and a minaret under a hazy sky",
            ),
            (
                "Traffic on the banks of the Tigris in {place}.",
                "a busy road beside a wide river",
            ),
        ],
    },
    Topic {
        slug: "middle-east",
        name: "Middle East",
        kind: Kind::World,
        nouns: &[
            "civilian casualties",
            "blocked aid deliveries",
            "displaced families",
            "border closures",
            "food shortages",
        ],
        actions: &[
            "agree a lasting ceasefire",
            "open more crossings for aid",
            "free the remaining hostages",
            "restart peace talks",
        ],
        insts: &[
            "the UN relief agency",
            "the World Food Programme",
            "the Arab League",
            "the Red Crescent",
        ],
        roles: &[
            "an aid worker in {place}",
            "a government spokesman",
            "a former Israeli diplomat",
            "a Palestinian doctor",
            "a regional analyst",
        ],
        places: &[
            ("Jerusalem", "Israel"),
            ("Beirut", "Lebanon"),
            ("Amman", "Jordan"),
            ("Damascus", "Syria"),
            ("Cairo", "Egypt"),
            ("Ramallah", "the West Bank"),
        ],
        scenes: &[
            (
                "A street in {place} on {day}.",
                "a busy street with low stone buildings",
            ),
            (
                "Aid lorries wait at a crossing near {place}.",
                "a line of lorries on a dusty road",
            ),
        ],
    },
    Topic {
        slug: "united-states",
        name: "United States",
        kind: Kind::World,
        nouns: &[
            "tariffs",
            "gun deaths",
            "migrant arrivals at the border",
            "federal job cuts",
            "hate crimes",
        ],
        actions: &[
            "pass a budget deal",
            "tighten gun laws",
            "end the trade dispute",
            "reform the immigration system",
        ],
        insts: &[
            "the White House",
            "Congress",
            "the Supreme Court",
            "the Pentagon",
            "the Federal Reserve",
        ],
        roles: &[
            "a Democratic senator",
            "a Republican congressman",
            "a political scientist at Georgetown University",
            "a voter in {place}",
            "a former White House official",
        ],
        places: &[
            ("Washington", "the United States"),
            ("New York", "the United States"),
            ("Chicago", "the United States"),
            ("Atlanta", "the United States"),
            ("Phoenix", "the United States"),
            ("Houston", "the United States"),
        ],
        scenes: &[
            (
                "The Capitol in Washington on {day}.",
                "a white domed building under a blue sky",
            ),
            (
                "Voters queue in {place}.",
                "people queueing outside a polling station",
            ),
        ],
    },
    Topic {
        slug: "china",
        name: "China",
        kind: Kind::World,
        nouns: &[
            "falling exports",
            "youth unemployment figures",
            "property defaults",
            "military drills",
        ],
        actions: &[
            "rescue the property sector",
            "ease trade tensions",
            "boost consumer spending",
        ],
        insts: &[
            "Beijing",
            "China's commerce ministry",
            "the People's Bank of China",
            "Hong Kong's government",
        ],
        roles: &[
            "a Beijing-based economist",
            "a factory owner in {place}",
            "a Western diplomat",
            "a Hong Kong democracy campaigner",
        ],
        places: &[
            ("Beijing", "China"),
            ("Shanghai", "China"),
            ("Hong Kong", "China"),
            ("Shenzhen", "China"),
            ("Taipei", "Taiwan"),
        ],
        scenes: &[
            ("The skyline of {place} on {day}.", "tall towers in haze"),
            (
                "Containers at the port of {place}.",
                "stacked shipping containers and cranes",
            ),
        ],
    },
    Topic {
        slug: "africa",
        name: "Africa",
        kind: Kind::World,
        nouns: &[
            "food prices",
            "cholera cases",
            "displaced families",
            "power shortages",
            "attacks by armed groups",
        ],
        actions: &[
            "end the fighting",
            "hold free elections",
            "tackle the cholera outbreak",
            "restructure its debts",
        ],
        insts: &[
            "the African Union",
            "the World Health Organization",
            "the World Food Programme",
            "the electoral commission",
        ],
        roles: &[
            "an opposition leader",
            "a nurse in {place}",
            "a farmer outside {place}",
            "a regional analyst",
            "an aid worker in {place}",
        ],
        places: &[
            ("Nairobi", "Kenya"),
            ("Lagos", "Nigeria"),
            ("Johannesburg", "South Africa"),
            ("Kampala", "Uganda"),
            ("Khartoum", "Sudan"),
            ("Addis Ababa", "Ethiopia"),
            ("Harare", "Zimbabwe"),
        ],
        scenes: &[
            (
                "A market in {place} on {day}.",
                "stalls and shoppers at an open-air market",
            ),
            (
                "A camp for displaced people near {place}.",
                "rows of tents on dry ground",
            ),
        ],
    },
    Topic {
        slug: "europe",
        name: "Europe",
        kind: Kind::World,
        nouns: &[
            "energy prices",
            "farm bankruptcies",
            "asylum applications",
            "far-right poll ratings",
            "budget deficits",
        ],
        actions: &[
            "agree a new migration pact",
            "cut energy prices",
            "reform farm subsidies",
            "form a governing coalition",
        ],
        insts: &[
            "the European Commission",
            "the European Parliament",
            "the European Central Bank",
            "the French government",
            "the German chancellery",
        ],
        roles: &[
            "a member of the European Parliament",
            "a French government minister",
            "a farmer near {place}",
            "a political analyst in {place}",
            "an EU diplomat",
        ],
        places: &[
            ("Brussels", "Belgium"),
            ("Paris", "France"),
            ("Berlin", "Germany"),
            ("Rome", "Italy"),
            ("Madrid", "Spain"),
            ("Warsaw", "Poland"),
            ("The Hague", "the Netherlands"),
        ],
        scenes: &[
            (
                "Tractors block a road into {place} on {day}.",
                "tractors lined up on a city road",
            ),
            (
                "The European Parliament in Brussels.",
                "a glass-fronted parliament building",
            ),
        ],
    },
    Topic {
        slug: "india",
        name: "India",
        kind: Kind::World,
        nouns: &[
            "heat deaths",
            "air pollution levels",
            "crop failures",
            "flood evacuations",
        ],
        actions: &[
            "clean up the capital's air",
            "expand the rail network",
            "protect workers from extreme heat",
        ],
        insts: &[
            "the Indian government",
            "the Election Commission",
            "the Reserve Bank of India",
            "the Supreme Court of India",
        ],
        roles: &[
            "an opposition MP",
            "a street vendor in {place}",
            "an economist in {place}",
            "a doctor in {place}",
        ],
        places: &[
            ("Delhi", "India"),
            ("Mumbai", "India"),
            ("Chennai", "India"),
            ("Kolkata", "India"),
            ("Bangalore", "India"),
        ],
        scenes: &[
            (
                "Smog over {place} on {day}.",
                "a city skyline shrouded in grey smog",
            ),
            ("Commuters in {place}.", "crowds on a railway platform"),
        ],
    },
    Topic {
        slug: "refugees",
        name: "Refugees",
        kind: Kind::World,
        nouns: &[
            "asylum claims",
            "Channel crossings",
            "deaths at sea",
            "camp closures",
            "family separations",
        ],
        actions: &[
            "open safe routes",
            "share responsibility for arrivals",
            "fund the camps properly",
            "speed up asylum decisions",
        ],
        insts: &[
            "the UN refugee agency",
            "the International Organization for Migration",
            "the European Commission",
            "Médecins Sans Frontières",
        ],
        roles: &[
            "a refugee from Sudan",
            "a volunteer in {place}",
            "an official with the UN refugee agency",
            "a lawyer representing asylum seekers",
        ],
        places: &[
            ("Calais", "France"),
            ("Lampedusa", "Italy"),
            ("Athens", "Greece"),
            ("Dunkirk", "France"),
            ("Gaziantep", "Turkey"),
        ],
        scenes: &[
            (
                "A camp for migrants near {place} on {day}.",
                "tents among trees on rough ground",
            ),
            (
                "Rescue workers at the harbour in {place}.",
                "people in life jackets on a quayside",
            ),
        ],
    },
    Topic {
        slug: "church-of-england",
        name: "Church of England",
        kind: Kind::Church,
        nouns: &[
            "clergy vacancies",
            "parish deficits",
            "church closures",
            "vacant rural benefices",
            "parish share arrears",
        ],
        actions: &[
            "fund more parish clergy",
            "simplify the rules on church closures",
            "cut the cost of the national Church",
            "support struggling rural parishes",
        ],
        insts: &[
            "the Archbishops' Council",
            "the Church Commissioners",
            "the House of Bishops",
            "the Diocese of {diocese}",
            "Lambeth Palace",
        ],
        roles: &[
            "a churchwarden at St {saint}'s, {place}",
            "a lay member of the General Synod from {diocese}",
            "chair of the {diocese} diocesan board of finance",
            "a Reader in the diocese of {diocese}",
        ],
        places: &[],
        scenes: &[
            (
                "Worshippers leave {cathedral} after the Sunday eucharist.",
                "people walking out of a cathedral door",
            ),
            (
                "The parish church of {church} on {day}.",
                "a stone church tower among trees",
            ),
        ],
    },
    Topic {
        slug: "general-synod",
        name: "General Synod",
        kind: Kind::Church,
        nouns: &[
            "delays to governance reform",
            "disputes over clergy pay",
            "the rising cost of the national Church",
            "complaints under the clergy discipline rules",
        ],
        actions: &[
            "reform the Church's national governance",
            "raise clergy stipends",
            "review the rules on clergy discipline",
            "fund a new generation of church plants",
        ],
        insts: &[
            "the General Synod",
            "the House of Bishops",
            "the Archbishops' Council",
            "the Synod's business committee",
        ],
        roles: &[
            "a lay member of the General Synod from {diocese}",
            "a clergy member of the General Synod from {diocese}",
            "chair of the House of Laity",
            "a member of the Archbishops' Council",
        ],
        places: &[],
        scenes: &[
            (
                "Members of the General Synod vote in York on {day}.",
                "people seated in rows in a large hall raising papers",
            ),
            (
                "Church House, Westminster, during the Synod's February sessions.",
                "a large meeting hall with a domed roof",
            ),
        ],
    },
    Topic {
        slug: "anglican-communion",
        name: "Anglican Communion",
        kind: Kind::Church,
        nouns: &[
            "divisions over sexuality",
            "strains between provinces",
            "funding shortfalls at the Communion Office",
            "disputes over authority",
        ],
        actions: &[
            "hold the Communion together",
            "agree a new covenant",
            "strengthen ties with the Global South",
            "elect the next chair of the primates",
        ],
        insts: &[
            "the Anglican Consultative Council",
            "the Primates' Meeting",
            "the Anglican Communion Office",
            "the Church of Nigeria",
            "the Episcopal Church",
        ],
        roles: &[
            "a Nigerian archbishop",
            "a bishop from the Episcopal Church",
            "a member of the Anglican Consultative Council",
            "a historian of the Communion",
        ],
        places: &[],
        scenes: &[
            (
                "Primates arrive for their meeting on {day}.",
                "clergy in purple shirts walking in procession",
            ),
            (
                "Bishops at a Lambeth Conference service.",
                "bishops in white robes seated in a cathedral",
            ),
        ],
    },
    Topic {
        slug: "safeguarding",
        name: "Safeguarding",
        kind: Kind::Church,
        nouns: &[
            "safeguarding failures",
            "abuse cases",
            "redress payments",
            "delays to independent reviews",
        ],
        actions: &[
            "create an independent safeguarding body",
            "speed up redress payments",
            "publish the review in full",
            "apologise to survivors",
        ],
        insts: &[
            "the National Safeguarding Team",
            "the Independent Safeguarding Board",
            "the Archbishops' Council",
            "the Diocese of {diocese}",
        ],
        roles: &[
            "a survivor of church-related abuse",
            "a safeguarding adviser in the diocese of {diocese}",
            "a lawyer representing survivors",
            "a campaigner for an independent inquiry",
        ],
        places: &[],
        scenes: &[
            (
                "Lambeth Palace in London on {day}.",
                "a red-brick palace gatehouse beside a road",
            ),
            (
                "Church House, Westminster, where the review was published.",
                "a stone building on a quiet square",
            ),
        ],
    },
    Topic {
        slug: "catholic-church",
        name: "Catholic Church",
        kind: Kind::Church,
        nouns: &[
            "priest shortages",
            "parish mergers",
            "abuse claims",
            "falling Mass attendance",
        ],
        actions: &[
            "merge parishes",
            "ordain more priests",
            "reopen the seminary",
            "welcome Pope's call for synodality",
        ],
        insts: &[
            "the Catholic Bishops' Conference of England and Wales",
            "the Vatican",
            "the Diocese of {cdiocese}",
            "Westminster Cathedral",
        ],
        roles: &[
            "a parish priest in {place}",
            "a Catholic theologian",
            "a parishioner in {place}",
            "a spokesman for the bishops' conference",
        ],
        places: &[],
        scenes: &[
            (
                "Westminster Cathedral on {day}.",
                "a striped red-brick cathedral tower",
            ),
            (
                "A Mass in {place}.",
                "a congregation standing in a church nave",
            ),
        ],
    },
    Topic {
        slug: "cathedrals",
        name: "Cathedrals",
        kind: Kind::Church,
        nouns: &[
            "repair bills",
            "admission charges",
            "falling visitor numbers",
            "choir funding gaps",
        ],
        actions: &[
            "restore the medieval glass",
            "open a new visitor centre",
            "scrap admission charges",
            "secure the future of the choir",
        ],
        insts: &[
            "the Association of English Cathedrals",
            "the Cathedrals Fabric Commission",
            "Historic England",
            "{cathedral}",
        ],
        roles: &[
            "Canon Treasurer of {cathedral}",
            "a chorister's parent",
            "director of music at {cathedral}",
            "the cathedral architect",
        ],
        places: &[],
        scenes: &[
            (
                "{cathedral} at dusk on {day}.",
                "a cathedral silhouette against an evening sky",
            ),
            (
                "Scaffolding on the west front of {cathedral}.",
                "scaffolding covering the front of a cathedral",
            ),
        ],
    },
    Topic {
        slug: "interfaith",
        name: "Interfaith",
        kind: Kind::Church,
        nouns: &[
            "hate crimes against worshippers",
            "attacks on places of worship",
            "cuts to interfaith projects",
            "security costs for synagogues and mosques",
        ],
        actions: &[
            "fund security at places of worship",
            "bring faith leaders together",
            "tackle religious hatred",
        ],
        insts: &[
            "the Inter Faith Network",
            "the Board of Deputies of British Jews",
            "the Muslim Council of Britain",
            "the Council of Christians and Jews",
        ],
        roles: &[
            "an imam in {place}",
            "a rabbi in {place}",
            "the vicar of a parish in {place}",
            "a community organiser in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "Faith leaders gather in {place} on {day}.",
                "a group of people standing outside a place of worship",
            ),
            ("A vigil in {place}.", "people holding candles at dusk"),
        ],
    },
    Topic {
        slug: "assisted-dying",
        name: "Assisted dying",
        kind: Kind::Church,
        nouns: &[
            "calls for a change in the law",
            "palliative care shortages",
            "amendments to the Bill",
            "concerns about safeguards",
        ],
        actions: &[
            "fund palliative care properly",
            "reject the Bill",
            "strengthen safeguards for vulnerable people",
            "allow a free vote",
        ],
        insts: &[
            "the House of Lords",
            "the Royal College of Physicians",
            "Hospice UK",
            "the House of Bishops",
        ],
        roles: &[
            "a palliative care consultant in {place}",
            "a hospice chaplain",
            "a disability rights campaigner",
            "a supporter of the Bill",
        ],
        places: &[],
        scenes: &[
            (
                "Campaigners outside Parliament on {day}.",
                "people holding banners outside a stone building",
            ),
            (
                "A hospice garden in {place}.",
                "a quiet garden with benches",
            ),
        ],
    },
    Topic {
        slug: "economy",
        name: "Economy",
        kind: Kind::Business,
        nouns: &[
            "business insolvencies",
            "borrowing costs",
            "public debt figures",
            "wage settlements",
            "prices",
        ],
        actions: &[
            "cut business rates",
            "boost investment",
            "fix the public finances",
            "raise productivity",
        ],
        insts: &[
            "the Office for National Statistics",
            "the Office for Budget Responsibility",
            "the Treasury",
            "the CBI",
            "the Institute for Fiscal Studies",
        ],
        roles: &[
            "chief economist at a City bank",
            "the chancellor",
            "the shadow chancellor",
            "director of the Institute for Fiscal Studies",
            "a small business owner in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "The City of London on {day}.",
                "office towers in the City of London",
            ),
            (
                "The Treasury building in Westminster.",
                "a large grey government building",
            ),
        ],
    },
    Topic {
        slug: "interest-rates",
        name: "Interest rates",
        kind: Kind::Business,
        nouns: &[
            "mortgage rates",
            "savings rates",
            "borrowing costs",
            "remortgaging costs",
        ],
        actions: &[
            "cut interest rates",
            "hold rates steady",
            "ease pressure on mortgage holders",
        ],
        insts: &[
            "the Bank of England",
            "the Monetary Policy Committee",
            "UK Finance",
            "Moneyfacts",
        ],
        roles: &[
            "a member of the Monetary Policy Committee",
            "a mortgage broker in {place}",
            "chief economist at a building society",
            "a first-time buyer in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "The Bank of England on {day}.",
                "a classical stone building with columns",
            ),
            (
                "Estate agents' boards in {place}.",
                "for-sale signs outside houses",
            ),
        ],
    },
    Topic {
        slug: "energy",
        name: "Energy",
        kind: Kind::Business,
        nouns: &[
            "energy bills",
            "wholesale gas prices",
            "network charges",
            "supplier failures",
        ],
        actions: &[
            "build new nuclear plants",
            "connect more wind farms to the grid",
            "cut standing charges",
            "insulate homes",
        ],
        insts: &[
            "Ofgem",
            "the National Energy System Operator",
            "the Department for Energy Security",
            "Energy UK",
        ],
        roles: &[
            "the energy secretary",
            "chief executive of an energy supplier",
            "an energy analyst",
            "a customer in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "Pylons near {place} on {day}.",
                "electricity pylons across fields",
            ),
            (
                "An offshore wind farm near {place}.",
                "wind turbines on the horizon at sea",
            ),
        ],
    },
    Topic {
        slug: "retail",
        name: "Retail",
        kind: Kind::Business,
        nouns: &[
            "high-street closures",
            "shop prices",
            "online sales",
            "shoplifting losses",
        ],
        actions: &[
            "cut business rates for shops",
            "revive the high street",
            "raise staff pay",
        ],
        insts: &[
            "the British Retail Consortium",
            "{co}",
            "the Competition and Markets Authority",
            "the Office for National Statistics",
        ],
        roles: &[
            "chief executive of {co}",
            "a shop owner in {place}",
            "a retail analyst",
            "a shopper in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "Shoppers on {place} high street on {day}.",
                "people walking past shop fronts",
            ),
            ("An empty shop unit in {place}.", "a shuttered shop window"),
        ],
    },
    Topic {
        slug: "technology",
        name: "Technology",
        kind: Kind::Business,
        nouns: &[
            "AI-driven job losses",
            "data breaches",
            "tech job cuts",
            "online safety complaints",
        ],
        actions: &[
            "regulate artificial intelligence",
            "protect children online",
            "attract tech investment",
            "build new data centres",
        ],
        insts: &[
            "Ofcom",
            "the Information Commissioner's Office",
            "{co}",
            "the Department for Science",
        ],
        roles: &[
            "chief executive of {co}",
            "a tech investor",
            "a cyber-security expert",
            "the technology secretary",
        ],
        places: &[],
        scenes: &[
            (
                "A data centre near {place} on {day}.",
                "a large windowless warehouse building",
            ),
            (
                "Staff at a tech firm in {place}.",
                "people at desks with computer screens",
            ),
        ],
    },
    Topic {
        slug: "jobs",
        name: "Jobs",
        kind: Kind::Business,
        nouns: &["redundancies", "job vacancies", "pay claims", "strike days"],
        actions: &[
            "protect jobs at the plant",
            "raise the minimum wage",
            "reform employment rights",
        ],
        insts: &[
            "the TUC",
            "the Office for National Statistics",
            "{co}",
            "Unite",
            "the Federation of Small Businesses",
        ],
        roles: &[
            "general secretary of Unite",
            "a worker at the {place} plant",
            "a labour market economist",
            "the business secretary",
        ],
        places: &[],
        scenes: &[
            (
                "Workers leave the {co} plant in {place}.",
                "workers in overalls walking out of a factory gate",
            ),
            (
                "A picket line in {place} on {day}.",
                "people with union flags outside a factory",
            ),
        ],
    },
    Topic {
        slug: "books",
        name: "Books",
        kind: Kind::Culture,
        nouns: &[
            "book sales",
            "library closures",
            "bookshop closures",
            "falling author incomes",
        ],
        actions: &[
            "save local libraries",
            "support debut writers",
            "pay authors fairly",
        ],
        insts: &[
            "the Society of Authors",
            "the Publishers Association",
            "the Booksellers Association",
            "{place} Library",
        ],
        roles: &[
            "the novelist behind {work}",
            "a bookseller in {place}",
            "a publisher",
            "a librarian in {place}",
        ],
        places: &[],
        scenes: &[
            (
                "Readers at the festival in {place} on {day}.",
                "people browsing tables of books in a tent",
            ),
            (
                "An independent bookshop in {place}.",
                "a bookshop window filled with books",
            ),
        ],
    },
    Topic {
        slug: "music",
        name: "Music",
        kind: Kind::Culture,
        nouns: &[
            "ticket prices",
            "grassroots venue closures",
            "streaming royalties",
            "cuts to music lessons in schools",
        ],
        actions: &[
            "save grassroots venues",
            "put music back into schools",
            "cap resale ticket prices",
        ],
        insts: &[
            "the Music Venue Trust",
            "the Musicians' Union",
            "the Royal Philharmonic Society",
            "{venue}",
        ],
        roles: &[
            "the composer of {work}",
            "a promoter in {place}",
            "a violinist",
            "conductor of the {place} Symphony Orchestra",
        ],
        places: &[],
        scenes: &[
            (
                "An orchestra rehearses at {venue} on {day}.",
                "musicians with string instruments on a stage",
            ),
            (
                "A crowd at a gig in {place}.",
                "silhouettes of a crowd before a lit stage",
            ),
        ],
    },
    Topic {
        slug: "theatre",
        name: "Theatre",
        kind: Kind::Culture,
        nouns: &[
            "ticket prices",
            "regional theatre closures",
            "arts funding cuts",
            "audience numbers",
        ],
        actions: &[
            "save regional theatres",
            "bring new audiences in",
            "restore arts funding",
        ],
        insts: &[
            "Arts Council England",
            "UK Theatre",
            "the Society of London Theatre",
            "{venue}",
        ],
        roles: &[
            "the playwright behind {work}",
            "artistic director of {venue}",
            "an actor",
            "a theatre critic",
        ],
        places: &[],
        scenes: &[
            (
                "A rehearsal of {work} at {venue}.",
                "actors rehearsing on a bare stage",
            ),
            (
                "Audiences arrive at {venue} on {day}.",
                "people entering a theatre foyer",
            ),
        ],
    },
    Topic {
        slug: "television",
        name: "Television",
        kind: Kind::Culture,
        nouns: &[
            "licence fee complaints",
            "streaming subscriptions",
            "drama budgets",
            "viewing figures",
        ],
        actions: &[
            "reform the licence fee",
            "fund more British drama",
            "protect public service broadcasting",
        ],
        insts: &[
            "the BBC",
            "Ofcom",
            "Channel 4",
            "ITV",
            "the Royal Television Society",
        ],
        roles: &[
            "the writer of {work}",
            "a television producer",
            "a media analyst",
            "the culture secretary",
        ],
        places: &[],
        scenes: &[
            (
                "Filming of {work} in {place}.",
                "a film crew with cameras on a street",
            ),
            (
                "Broadcasting House in London.",
                "a curved modern office building",
            ),
        ],
    },
    Topic {
        slug: "art",
        name: "Art",
        kind: Kind::Culture,
        nouns: &[
            "museum visitor numbers",
            "arts funding cuts",
            "acquisition budgets",
            "art-school closures",
        ],
        actions: &[
            "keep the painting in Britain",
            "scrap museum charges",
            "fund art teaching in schools",
        ],
        insts: &[
            "Arts Council England",
            "the National Gallery",
            "the Art Fund",
            "{venue}",
        ],
        roles: &[
            "the artist behind {work}",
            "director of {venue}",
            "a curator",
            "an art historian",
        ],
        places: &[],
        scenes: &[
            (
                "Visitors view {work} at {venue} on {day}.",
                "people looking at large paintings in a gallery",
            ),
            (
                "The exhibition opens in {place}.",
                "a bright gallery space with sculptures",
            ),
        ],
    },
];

const SHARED_PARAS: &[&str] = &[
    "The figures, published on {day}, show that {noun} have risen by {pct} per cent since {year}. In {place2}, the increase was closer to {pct2} per cent.",
    "{Inst} said it recognised the scale of the problem and was \"working closely with partners\" to address it.",
    "Campaigners say the problem has been building for years. In a report published last {month}, {group} warned that {noun} were \"spiralling out of control\" and called for urgent action.",
    "A spokesperson for {inst2} said: \"We are aware of the concerns that have been raised and are looking at them carefully. It would not be appropriate to comment further at this stage.\"",
    "The latest developments come after a difficult year for {inst}, which has faced repeated criticism over {noun2}.",
    "Analysis by {group} suggests that about {numr} people could be affected, although the true figure may be higher because of gaps in the data.",
    "Not everyone is convinced. Some experts argue that the focus on {noun} risks obscuring deeper problems that no single announcement can solve.",
    "There are also questions about cost. One estimate puts the bill at £{bn} billion over five years, a figure that {inst} has not disputed.",
    "In {place}, the effects are already visible. Local leaders describe a sense of fatigue, and of promises made and not kept.",
    "It is not the first time that concerns have been raised. A similar warning in {year} was largely ignored, according to people familiar with the discussions at the time.",
    "Supporters of the plan say it will {action2} within three years. Opponents say the timetable is unrealistic.",
    "Data seen by this newspaper suggests that the problem is most acute in {place2}, where {noun} have almost doubled in five years.",
    "Officials privately concede that progress has been slower than hoped. One described the situation as \"frustrating, but not hopeless\".",
    "The announcement was welcomed cautiously by {group}, which has long argued that {inst} should {action}.",
    "Asked about the figures on {day}, a source close to {inst} said: \"Nobody is pretending this is good enough.\"",
    "The issue is likely to resurface when {inst} publishes its annual report in {month}.",
    "The pressure has been felt most keenly by those on the lowest incomes, according to researchers, who say that the gap between the best- and worst-affected areas is widening.",
    "{Group} said the move was \"welcome but long overdue\", and urged {inst} to publish a clear timetable.",
];

const HOME_PARAS: &[&str] = &[
    "{Gov} have insisted that they are making progress, pointing to an extra £{money} million announced in the spring.",
    "The opposition seized on the figures. \"This is what years of drift look like,\" said one frontbencher.",
    "In the Commons on {day}, MPs from all parties lined up to raise cases from their own constituencies.",
    "Councils say their budgets have been cut by {pct} per cent in real terms since {year}, leaving them little room to respond.",
    "Comparisons with other countries are not flattering. According to one international study, {noun} here are {pct2} per cent higher than the European average.",
    "The proposals will now be the subject of a public consultation, which is expected to run until {month}.",
    "In Scotland and Wales, where the devolved governments have taken a different approach, the picture is mixed.",
];

const WORLD_PARAS: &[&str] = &[
    "Western diplomats in {place} say privately that they see little prospect of a breakthrough before the end of the year.",
    "Britain has so far committed £{money} million in support, according to the Foreign Office, which said it was \"monitoring the situation closely\".",
    "Access for journalists remains restricted, and it has not been possible to verify all the figures independently.",
    "In the markets of {place}, prices for basic goods have roughly doubled in a year. Many families now eat one meal a day.",
    "The United Nations said on {day} that it was \"deeply concerned\" by the reports and called on all sides to exercise restraint.",
    "For many in {country}, the events of recent weeks recall the darkest days of {year}.",
    "Opposition figures in {place} accuse {gov} of using the crisis to tighten their grip on power, a charge officials deny.",
    "Aid workers describe overcrowded shelters and a shortage of clean water, with winter only weeks away.",
    "In {place2}, a few hours' drive away, the mood is different: shops are open, and the cafés are full, if quieter than they once were.",
];

const CHURCH_PARAS: &[&str] = &[
    "The motion was carried in all three Houses: Bishops {vb} for, {vbn} against; Clergy {vc} for, {vcn} against; Laity {vl} for, {vln} against, with {abst} recorded abstentions.",
    "In a statement, the Archbishops' Council said that the Church remained committed to \"the flourishing of every parish\".",
    "Parishes in the diocese of {diocese} have been asked to increase their contributions to the common fund by {pct} per cent.",
    "The issue is expected to return to the General Synod when it meets in {synodplace} in {month}.",
    "At {church}, the congregation has grown to more than {small}0 on an ordinary Sunday, thanks in part to a weekly community lunch.",
    "Survivors' groups have repeatedly criticised the pace of change, and several said on {day} that they would reserve judgement until they saw results.",
    "The Church Commissioners, who manage an endowment of more than £{bn} billion, said that the money would be released over the next three years.",
    "Many rural benefices now comprise ten or more parishes, served by a single incumbent and a dwindling band of volunteers.",
    "Prayers were said for all those affected at services across the diocese on Sunday.",
    "Some members of the Synod warned during the debate that the proposals would widen the gap between wealthy and struggling dioceses.",
];

const BUSINESS_PARAS: &[&str] = &[
    "The pound was little changed against the dollar, while the yield on ten-year gilts edged up to {rate} per cent.",
    "Shares in {co} have fallen by {pct} per cent since the start of the year, valuing the company at about £{bn2} billion.",
    "Analysts at one City broker said the results were \"mixed at best\", pointing to weaker margins in the second half.",
    "The Bank of England's Monetary Policy Committee meets again in {month}, when most economists expect it to leave rates unchanged.",
    "The company employs about {numr} people in Britain, {pct2} per cent of them outside London and the South East.",
    "Unions said they would seek urgent talks with management.",
    "The Office for National Statistics said that inflation had eased to {rate} per cent in the year to {month}.",
    "Investors will be watching closely for any change in tone when {co} updates the market in {month}.",
];

const CULTURE_PARAS: &[&str] = &[
    "{Work} runs at {venue} until {date}.",
    "Tickets sold out within hours of going on sale, and a second run has already been announced.",
    "Critics have been largely enthusiastic. One described it as \"the most exciting thing to happen to {place} in years\".",
    "Arts Council England said that it remained committed to supporting organisations outside London.",
    "The judges praised the work's \"quiet ambition and unflinching honesty\".",
    "{Venue} has faced a difficult few years, with audience numbers only recently returning to their previous levels.",
    "The programme also includes a series of free events for schools and community groups in {place}.",
    "{Work} was written over six years, much of it, by the author's own account, at a kitchen table in {place2}.",
];

const SHARED_INTRO: &[&str] = &[
    "{a}, {ar}, said: \"{quote}\"",
    "\"{quotec}\" said {a}, {ar}.",
    "Speaking in {place} on {day}, {a}, {ar}, said: \"{quote} {quote}\"",
    "{a}, {ar}, told this newspaper: \"{quote}\"",
    "p:{a}, {ar}, said the news had been greeted with \"a mixture of relief and anger\". \"{quotec}\" {as} said.",
    "p:Among those who have raised concerns is {a}, {ar}. \"{quotec}\" {as} said.",
    "{a}, {ar}, described the situation as \"deeply worrying\". {As} said: \"{quote}\"",
];

const SHARED_FOLLOW: &[&str] = &[
    "{As} added: \"{quote}\"",
    "o:Asked whether {inst} would {action}, {as} said: \"{quote}\"",
    "p:{As} said there was \"no single answer\", but called on {inst} to {action}.",
    "\"{quotec}\" {as} added.",
    "o:{As} acknowledged that progress had been slow. \"{quote}\"",
];

const SHARED_CLOSE: &[&str] = &[
    "{Inst} is expected to respond formally in {month}.",
    "A decision is expected before the end of the year.",
    "A spokesperson for {inst2} said that it would set out its plans \"in due course\".",
    "{As} said: \"{quote}\"",
    "For now, the people of {place} are waiting.",
    "Further details are expected to be set out in the coming weeks.",
];

const SHARED_SUBHEADS: &[&str] = &[
    "What happens next",
    "The figures",
    "Reaction",
    "Questions remain",
    "A long-running problem",
    "Behind the numbers",
    "The view from {place}",
    "Counting the cost",
    "Calls for action",
    "'{qfrag}'",
];

const SHARED_QUOTES: &[&str] = &[
    "p:People in {place} have been patient for a very long time, and their patience is running out.",
    "p:We have been warning about {noun} for years. Nobody can say they were not told.",
    "This is not a question of money alone; it is a question of will.",
    "p:We welcome today's announcement, but the detail matters, and we have not yet seen the detail.",
    "There are no easy answers, but doing nothing is not an option.",
    "The figures speak for themselves.",
    "p:It is a step in the right direction, but only a step.",
    "o:We will study the report carefully and respond in due course.",
    "o:The decision was not taken lightly.",
    "What we are seeing in {place} is being repeated up and down the country.",
    "p:Frankly, the response so far has been inadequate.",
    "There is a real risk that the people who most need help will be the last to get it.",
    "p:We are not asking for special treatment. We are asking to be heard.",
    "p:I think most people would be astonished to learn how little has changed.",
    "p:If {inst} is serious, it will {action}. Anything less is window dressing.",
    "o:We have always been clear that {noun} must come down, and we are taking action.",
    "o:Nobody is pretending this is easy, but we are making progress.",
    "o:We recognise the concerns that have been raised and we are determined to act.",
    "o:We have listened, and we will keep listening.",
];

const HOME_QUOTES: &[&str] = &[
    "p:I have worked here for twenty years and I have never seen it this bad.",
    "p:Families are telling us they simply cannot cope.",
    "p:Nobody goes into this work for the money. They do it because they care, and they are exhausted.",
    "o:We have a plan, it is working, and we are going to stick to it.",
    "p:Our members are angry, and they have every right to be.",
    "This is a good day for {place}, but the hard work starts now.",
    "o:We want to {action}, and we want to do it properly, not in a rush.",
    "p:Every week we hear from people who have done everything right and are still struggling.",
];

const WORLD_QUOTES: &[&str] = &[
    "p:We hear the explosions every night. The children no longer cry when it starts.",
    "The international community cannot look away again.",
    "o:We are ready to talk, but not at any price.",
    "p:Nobody here trusts the promises any more.",
    "The ceasefire must hold; there is no alternative.",
    "p:We have lost everything except our hope.",
    "p:My grandfather built this house. I will not leave it.",
    "p:The world has short memories. We do not.",
    "o:We are doing everything we can to restore normal life, but we need our partners to do more.",
];

const CHURCH_QUOTES: &[&str] = &[
    "The Church exists for those who are not yet its members, and we forget that at our peril.",
    "Our parishes are the front line of the Church's mission, and they are tired.",
    "We must hold together in prayer, even where we disagree.",
    "This is about the safety of children and vulnerable adults, and nothing else.",
    "I do not think God is calling us to manage decline.",
    "There is a deep hunger for meaning in our communities, and the Church must meet it with humility.",
    "o:Synod has spoken, and now the hard work begins.",
    "We owe it to survivors to get this right, however long it takes.",
    "Every parish church is a sign that God has not given up on this place.",
    "Unity is not the same as uniformity.",
];

const BUSINESS_QUOTES: &[&str] = &[
    "o:Trading conditions remain challenging, but we are confident in our strategy.",
    "p:Markets had priced in a cut, so today's decision came as a surprise.",
    "Consumers are still cautious, and you can see it in the numbers.",
    "o:We are investing for the long term, and that means difficult choices now.",
    "p:The Bank faces a delicate balancing act.",
    "p:Small firms are the backbone of this economy, and they are being squeezed from every side.",
];

const CULTURE_QUOTES: &[&str] = &[
    "p:I wanted to write something that felt true to the place I grew up.",
    "Theatre is a live conversation, and that is what makes it irreplaceable.",
    "Funding cuts have hit the regions hardest.",
    "It is a story about family, really, and about what we owe each other.",
    "The audience is always right, even when they are wrong.",
    "Art should not be a luxury for those who can afford it.",
];

const HOME: Desk = Desk {
    pairs: &[
        (
            "{Noun} in {place} could rise by {pct} per cent, warns {inst}",
            "{Noun} in {place} could rise by as much as {pct} per cent over the next two years unless urgent action is taken, {inst} has warned, in an assessment that will add to pressure on {gov}.",
        ),
        (
            "Ministers urged to {action} as {noun} hit record levels",
            "Ministers are facing calls to {action} after figures showed that {noun} had reached their highest level since records began in {year}.",
        ),
        (
            "{Place} council votes to {action} despite warnings over cost",
            "Councillors in {place} have voted to {action}, despite warnings from officers that the plan could cost as much as £{money} million over the next decade.",
        ),
        (
            "{Noun} up {pct} per cent in a year, official figures show",
            "{Noun} have risen by {pct} per cent in twelve months, according to official figures published on {day}, with {place} recording one of the sharpest increases in the country.",
        ),
        (
            "'{qfrag}': {place} residents speak out over {noun}",
            "Residents in {place} say they have been left feeling abandoned after {noun} in the area rose for the {nth} year in a row.",
        ),
        (
            "Government unveils £{money}m plan to {action} by {year2}",
            "The Government has announced a £{money} million plan to {action} by {year2}, in what ministers described as the most significant intervention of its kind for a generation.",
        ),
        (
            "Inquiry launched into {noun} after whistleblower claims in {place}",
            "An independent inquiry has been launched into {noun} in {place} after a whistleblower alleged that senior managers had ignored repeated warnings.",
        ),
        (
            "Campaigners in {place} win their long fight to {action}",
            "Campaigners in {place} are celebrating after {inst} agreed to {action}, ending a {small}-month campaign that drew support from across the political divide.",
        ),
        (
            "{Noun} are costing taxpayers £{bn}bn a year, report finds",
            "{Noun} are costing the taxpayer an estimated £{bn} billion a year, according to a report by {group} published on {day}.",
        ),
        (
            "MPs demand answers over {noun} in {place} after damning report",
            "MPs have demanded an urgent statement from ministers after a damning report by {inst} found that {noun} had been allowed to rise unchecked for {small} years.",
        ),
        (
            "Plans to {action} in {place} delayed until {year2}",
            "Plans to {action} in {place} have been pushed back until {year2}, {inst} confirmed on {day}, prompting anger from local MPs and campaigners.",
        ),
        (
            "{Noun} fall in {place} for first time in {small} years",
            "{Noun} in {place} have fallen for the first time in {small} years, new figures show, in what {inst} called \"a small but real sign of progress\".",
        ),
        (
            "Watchdog criticises {inst} over handling of {noun} in {place}",
            "The official watchdog has criticised {inst} for its handling of {noun}, saying that opportunities to act had been missed and that people in {place} had paid the price.",
        ),
        (
            "{Inst} admits it will miss target to {action} by {year2}",
            "{Inst} has admitted that it will miss its target to {action} by {year2}, blaming {noun2} and a shortage of funding from central government.",
        ),
        (
            "Thousands in {place} hit by {noun}, new analysis reveals",
            "More than {num} households in {place} have been affected by {noun} in the past year, according to new analysis by {group}.",
        ),
        (
            "Pressure grows on ministers to {action} before the {month} deadline",
            "Pressure is growing on ministers to {action} before a deadline in {month}, with {inst} warning that further delay would see {noun} rise again.",
        ),
    ],
    stand: &[
        "{Inst} says the figures show the scale of the challenge facing {gov}, as campaigners in {place} warn that the worst may be yet to come.",
        "The findings will add to pressure on {gov} to {action}, amid growing concern about {noun} in {place} and elsewhere in the country.",
        "Critics say the plans do not go far enough, while {group} warns that {noun} will continue to rise unless there is a change of approach.",
        "Residents and local leaders say they have been raising the alarm for years. Now, with {noun} at record levels, they want action.",
        "It is the latest in a series of warnings about {noun}, which have risen by {pct} per cent since {year}, according to official figures.",
    ],
    paras: HOME_PARAS,
    shared: SHARED_PARAS,
    intro: SHARED_INTRO,
    follow: SHARED_FOLLOW,
    close: SHARED_CLOSE,
    subheads: SHARED_SUBHEADS,
    quotes: HOME_QUOTES,
    qfrags: &[
        "We feel forgotten",
        "Nobody is listening",
        "It is a scandal",
        "We cannot go on like this",
        "Enough is enough",
        "It is heartbreaking",
    ],
};

const WORLD: Desk = Desk {
    pairs: &[
        (
            "{Noun} surge in {place} for {nth} week as talks stall",
            "{PLACE} — {Noun} have surged in {place} for the {nth} week running, according to {inst}, as talks aimed at ending the crisis stalled again amid mutual accusations of bad faith.",
        ),
        (
            "{Inst} says {pct} per cent of families in {place} need help",
            "{PLACE} — Nearly {pct} per cent of families in and around {place} now depend on outside help, {inst} said on {day}, in a stark assessment of conditions in {country}.",
        ),
        (
            "Fears grow in {place} over {noun} ahead of {month} deadline",
            "{PLACE} — Fears are growing in {place} over {noun}, with officials warning that a deadline in {month} could pass without agreement and that the coming months could be the hardest in living memory.",
        ),
        (
            "Diplomats meet in {place} in fresh push to {action}",
            "{PLACE} — Diplomats from more than {small} countries met in {place} on {day} in a fresh attempt to {action}, though officials cautioned against expectations of a breakthrough.",
        ),
        (
            "'{qfrag}': life in {place} as {noun} mount",
            "{PLACE} — On a grey morning in {place}, the queue outside the aid distribution point begins to form before dawn. {Noun} have become a fact of daily life.",
        ),
        (
            "Britain pledges £{money}m to help {action} in {country}",
            "Britain will provide £{money} million to help {action} in {country}, the Foreign Office announced on {day}, as pressure grows on Western governments to do more.",
        ),
        (
            "Aid agencies warn of {noun} in {place} as funding falls {pct} per cent",
            "{PLACE} — Aid agencies have warned of a sharp rise in {noun} in {place}, after funding for humanitarian programmes fell by {pct} per cent this year.",
        ),
        (
            "Inquiry ordered into {noun} in {place} after {small} days of protest",
            "{PLACE} — Authorities in {country} have ordered an inquiry into {noun} in {place}, after {small} days of protests provoked by images shared widely online.",
        ),
        (
            "Election in {country} overshadowed by anger over {noun} in {place}",
            "{PLACE} — Voters in {country} go to the polls this week in an election overshadowed by anger over {noun} and deep mistrust of the political class.",
        ),
        (
            "{Inst} calls on {gov} to {action} within {small} weeks",
            "{PLACE} — {Inst} has called on the authorities in {country} to {action} within {small} weeks, warning that {noun} will otherwise continue to rise.",
        ),
        (
            "Protesters fill the streets of {place} over {noun}",
            "{PLACE} — Tens of thousands of people took to the streets of {place} on {day} in protest at {noun}, in the largest demonstrations the city has seen since {year}.",
        ),
        (
            "Hopes rise in {place} of a deal to {action} by {month}",
            "{PLACE} — Hopes were rising on {day} of an agreement to {action}, after officials in {place} reported \"real progress\" in overnight talks.",
        ),
    ],
    stand: &[
        "Our correspondent in {place} reports on a country where {noun} have become part of daily life, and where hopes of a settlement are fading.",
        "{Inst} says conditions are deteriorating, with {noun} rising sharply in the past month and aid agencies struggling to reach those most in need.",
        "The move comes amid mounting international pressure on {country}, and as diplomats warn that the window for a negotiated solution is closing.",
        "In {place}, people say they have heard many promises before. This time, officials insist, the outcome will be different.",
    ],
    paras: WORLD_PARAS,
    shared: SHARED_PARAS,
    intro: SHARED_INTRO,
    follow: SHARED_FOLLOW,
    close: SHARED_CLOSE,
    subheads: &[
        "Diplomatic efforts",
        "On the ground",
        "Humanitarian concerns",
        "International reaction",
        "The view from {place}",
        "'{qfrag}'",
        "What happens next",
    ],
    quotes: WORLD_QUOTES,
    qfrags: &[
        "We have nothing left",
        "We just want to go home",
        "Every night we wait",
        "The world has forgotten us",
        "This is our home",
    ],
};

const CHURCH: Desk = Desk {
    pairs: &[
        (
            "Synod backs call to {action} by {vl} votes to {vln}",
            "The General Synod has voted to {action}, after a lengthy and at times emotional debate in {synodplace} on {day}.",
        ),
        (
            "Bishop of {diocese} warns of {noun} in rural parishes",
            "The Bishop of {diocese} has warned that {noun} threaten to leave rural parishes without regular worship, in a pastoral letter read out in churches across the diocese.",
        ),
        (
            "Parish in {place} raises £{money},000 to save its medieval tower",
            "Parishioners at {church} have raised more than £{money},000 to repair the church's medieval tower, which was closed to the public last year after stone fell into the churchyard.",
        ),
        (
            "Church Commissioners pledge £{money}m to {action}",
            "The Church Commissioners have pledged £{money} million over the next three years to {action}, in one of the largest grants in their history.",
        ),
        (
            "Diocese of {diocese} to cut {small} clergy posts amid deficit",
            "The Diocese of {diocese} is to reduce its number of stipendiary clergy posts by {smallw} over the next three years, as it seeks to close a deficit of £{bn} million.",
        ),
        (
            "House of Bishops publishes new guidance on {noun}",
            "The House of Bishops has published new guidance on {noun}, which it says will bring greater clarity for clergy and parishes across the Church of England.",
        ),
        (
            "Survey finds {pct} per cent of churchgoers back plan to {action}",
            "A survey of churchgoers has found that {pct} per cent support a plan to {action}, though clergy are more divided, with fewer than half in favour.",
        ),
        (
            "More than {smallw} bishops urge {inst} to rethink approach to {noun}",
            "More than {smallw} bishops have signed an open letter urging {inst} to rethink its approach to {noun}, warning that the poorest communities will bear the cost.",
        ),
        (
            "Vicar's {small}-mile walk raises thousands for {cause} in {place}",
            "The Vicar of {church} has completed a {small}-mile sponsored walk around the parish boundaries, raising thousands of pounds for {cause}.",
        ),
        (
            "Review finds failings over {noun} in the diocese of {diocese}",
            "A review has found that the Diocese of {diocese} failed to act quickly enough on {noun}, in a report published on {day} that will make uncomfortable reading for senior clergy.",
        ),
        (
            "Clergy in {diocese} call for urgent action on {noun}",
            "Clergy in the diocese of {diocese} have written to their bishop calling for urgent action on {noun}, which they say have left parishes \"exhausted and anxious\".",
        ),
        (
            "'{qfrag}': {diocese} parishes respond to plan to {action}",
            "Parishes across the diocese of {diocese} have given a mixed response to proposals to {action}, with some welcoming the plan and others fearing for their future.",
        ),
    ],
    stand: &[
        "The decision follows months of consultation in parishes and dioceses, and has been welcomed by some as overdue and criticised by others as a distraction.",
        "Clergy and lay members say {noun} have put parishes under severe strain. The Church's national institutions say help is on the way.",
        "Campaigners said the move was a first step, but warned that trust would be rebuilt only by action, not words.",
        "The proposals, which would {action}, are expected to come before the General Synod when it meets in {synodplace} in {month}.",
    ],
    paras: CHURCH_PARAS,
    shared: SHARED_PARAS,
    intro: &[
        "{a}, {ar}, said: \"{quote}\"",
        "\"{quotec}\" said {a}, {ar}.",
        "o:Opening the debate, {a}, {ar}, said: \"{quote} {quote}\"",
        "The proposals follow a report by a working group chaired by {a}, {ar}, which took evidence from more than {numr} people. \"{quotec}\" {as} said.",
        "o:In a letter to parishes, {a}, {ar}, wrote: \"{quote}\"",
        "o:{a}, {ar}, told the Synod: \"{quote}\"",
    ],
    follow: SHARED_FOLLOW,
    close: &[
        "The Synod will return to the matter in {month}.",
        "{As} said: \"{quote}\"",
        "A spokesperson for {inst2} said that further details would be published \"in due course\".",
        "The debate was adjourned, and the motion will be taken again at the next group of sessions.",
        "Prayers were offered at the close of the session.",
    ],
    subheads: &[
        "Debate in Synod",
        "Parish finances",
        "Survivors respond",
        "A Church in transition",
        "Mission and money",
        "'{qfrag}'",
        "What happens next",
    ],
    quotes: CHURCH_QUOTES,
    qfrags: &[
        "A new chapter",
        "We must do better",
        "It is a matter of trust",
        "A sign of hope",
        "We are not a museum",
    ],
};

const BUSINESS: Desk = Desk {
    pairs: &[
        (
            "{Co} shares fall {pct} per cent after profit warning",
            "Shares in {co} fell by {pct} per cent on {day} after the company warned that annual profits would fall short of expectations, blaming {noun}.",
        ),
        (
            "{Co} to cut {num} jobs as {noun} bite",
            "{Co} is to cut {num} jobs, the company said on {day}, as {noun} continue to weigh on its business.",
        ),
        (
            "{Noun} rise for {nth} month in a row, {inst} figures show",
            "{Noun} rose for the {nth} consecutive month in {month}, according to figures from {inst}, adding to pressure on households and businesses.",
        ),
        (
            "FTSE 100 falls {small}0 points as investors fret over {noun}",
            "The FTSE 100 closed {small}0 points lower on {day} as investors weighed fresh concerns over {noun}, with shares in {co} among the biggest fallers.",
        ),
        (
            "{Co} reports record profits of £{money}m despite {noun}",
            "{Co} has reported record annual profits of £{money} million, defying {noun} that have hit many of its rivals.",
        ),
        (
            "{Co} chief executive to step down after {small} years",
            "The chief executive of {co} is to step down after {small} years in the role, the company announced on {day}, as it searches for a successor.",
        ),
        (
            "Takeover battle for {co} heats up with £{bn}bn rival bid",
            "The battle for control of {co} intensified on {day} when a rival consortium tabled a £{bn} billion offer, trumping an earlier approach.",
        ),
        (
            "Small firms in {place} warn that {noun} threaten survival",
            "Small businesses in {place} have warned that {noun} threaten their survival, with {pct} per cent saying they may have to cut staff this year.",
        ),
        (
            "Chancellor urged to {action} as {pct} per cent of firms cut investment",
            "The chancellor is under growing pressure to {action} in next month's budget, after {inst} found that {pct} per cent of firms had cut investment plans, blaming {noun}.",
        ),
        (
            "{Inst} warns {noun} will cut growth to {rate} per cent this year",
            "{Inst} has warned that {noun} will weigh on growth this year, and cut its forecast for the economy to {rate} per cent.",
        ),
        (
            "{Co} opens £{money}m site in {place}, creating {num} jobs",
            "{Co} has opened a £{money} million site in {place}, creating {num} jobs in one of the largest investments the region has seen in a decade.",
        ),
    ],
    stand: &[
        "The figures will make uncomfortable reading for {gov}, who have staked much on a return to growth, and for investors hoping for relief from {noun}.",
        "{Co} said trading had been hit by {noun}, but insisted its long-term strategy was sound. Analysts were less sure.",
        "Economists say the outlook remains uncertain, with {noun} and weak consumer confidence likely to weigh on activity for months to come.",
    ],
    paras: BUSINESS_PARAS,
    shared: SHARED_PARAS,
    intro: SHARED_INTRO,
    follow: SHARED_FOLLOW,
    close: &[
        "Shares in {co} closed down {pct2} per cent.",
        "{Co} will publish its full-year results in {month}.",
        "{As} said: \"{quote}\"",
        "The next set of official figures is due in {month}.",
    ],
    subheads: &[
        "Market reaction",
        "The outlook",
        "Jobs and investment",
        "City view",
        "The numbers",
        "'{qfrag}'",
    ],
    quotes: BUSINESS_QUOTES,
    qfrags: &[
        "A perfect storm",
        "Tough times ahead",
        "We are open for business",
        "A vote of confidence",
    ],
};

const CULTURE: Desk = Desk {
    pairs: &[
        (
            "{Work} wins {prize} in a surprise decision",
            "{Work} has won {prize}, beating {small} other contenders in a decision the judges described as \"unanimous, in the end\".",
        ),
        (
            "{Venue} to close for {small} months for £{money}m refurbishment",
            "{Venue} is to close for {small} months from {month} for a £{money} million refurbishment, its first major renovation since {year}.",
        ),
        (
            "New production of {work} opens at {venue} to strong reviews",
            "A new production of {work} opened at {venue} on {day} to strong reviews, with critics praising its bold staging and a central performance of rare intensity.",
        ),
        (
            "Arts bodies warn of {noun} as funding falls {pct} per cent",
            "Arts organisations have warned of {noun} after public funding fell by {pct} per cent in real terms, according to {inst}.",
        ),
        (
            "Festival in {place} sells out in record time despite {noun}",
            "This year's festival in {place} has sold out in record time, organisers said on {day}, despite concerns about {noun}.",
        ),
        (
            "Why {work} is the most talked-about new drama of the year",
            "It began as a small commission for a regional company. {Work} is now the most talked-about new drama of the year, and it is heading for {venue}.",
        ),
        (
            "{Place} campaigners fight to {action} as {noun} bite",
            "Campaigners in {place} have launched a fight to {action}, warning that {noun} threaten to leave the city a cultural desert.",
        ),
        (
            "Manuscript lost for {small}0 years found in {place} attic goes on display",
            "A manuscript thought lost for {small}0 years has gone on display at {venue}, after it was found in an attic in {place} by a retired schoolteacher.",
        ),
        (
            "{Work} heads to {venue} after sell-out run in {place}",
            "{Work}, which sold out its run in {place} last year, is to transfer to {venue} in {month}, its producers announced on {day}.",
        ),
    ],
    stand: &[
        "{Work} marks a return to form, say critics, and a timely reminder of what the arts can do when they are given room to breathe.",
        "With {noun} putting pressure on venues across the country, {venue} is betting that audiences still want to be surprised.",
        "The decision has delighted supporters and dismayed some critics, but it has got people talking about {work} in a way few expected.",
    ],
    paras: CULTURE_PARAS,
    shared: SHARED_PARAS,
    intro: SHARED_INTRO,
    follow: SHARED_FOLLOW,
    close: &[
        "{Work} is at {venue} from {date}.",
        "{As} said: \"{quote}\"",
        "Tickets go on general sale in {month}.",
    ],
    subheads: &[
        "On stage",
        "The critics",
        "Funding pressures",
        "Behind the scenes",
        "A local story",
        "'{qfrag}'",
    ],
    quotes: CULTURE_QUOTES,
    qfrags: &[
        "A love letter to the North",
        "It changed my life",
        "Pure joy",
        "A quiet triumph",
    ],
};

const COMMENT: Desk = Desk {
    pairs: &[
        (
            "We should stop pretending {noun} can be fixed on the cheap",
            "There is a comforting story that we like to tell ourselves about {noun}: that with a little more efficiency and a little less waste, the problem will melt away. It will not.",
        ),
        (
            "{Inst} must {action}, and it must do so soon",
            "I have been reluctant to write this column, because I have a good deal of sympathy for {inst}. But the time for sympathy is over. It must {action}.",
        ),
        (
            "Why a year in {place} changed my mind about {noun}",
            "For most of my working life, I believed that {noun} were a problem for someone else to solve. A year spent in {place} changed my mind.",
        ),
        (
            "What {place} can teach the rest of us about {noun}",
            "Nobody visits {place} for lessons in public policy. Perhaps they should. On {noun}, the town has quietly done what Westminster has not.",
        ),
        (
            "The quiet scandal of {noun} in {place} and beyond",
            "Some scandals arrive with a bang. Others, like {noun}, build so slowly that we stop noticing them at all.",
        ),
        (
            "Ministers have run out of excuses on {noun}",
            "Every government has its excuses. On {noun}, this one has used them all, and the people of {place} have run out of patience.",
        ),
        (
            "If we want to {action}, we must be honest about the cost",
            "Everyone, it seems, wants to {action}. Almost nobody is prepared to say how it will be paid for.",
        ),
        (
            "Our leaders talk endlessly about {noun} but rarely listen",
            "There is no shortage of speeches about {noun}. What is in short supply is anyone in authority willing to sit down and listen.",
        ),
        (
            "The Church should not be afraid to speak about {noun}",
            "It is sometimes said that the Church should keep out of politics. On {noun}, silence would be its own kind of political choice.",
        ),
        (
            "We have ignored {noun} since {year}. That must end",
            "We have been shouting about {noun} since {year}. It is time, at last, to start talking.",
        ),
        (
            "What I learned about {noun} in {place}",
            "I went to {place} expecting to write about failure. I came back with something more complicated, and more hopeful, to say about {noun}.",
        ),
        (
            "Behind the {pct} per cent rise in {noun} are real lives",
            "Statistics have a way of numbing us. A rise of {pct} per cent in {noun} sounds like a line in a report. It is not.",
        ),
        (
            "The people of {place} know more about {noun} than Whitehall",
            "If you want to understand {noun}, do not start in Whitehall. Start in {place}, where people have been living with them for years.",
        ),
        (
            "A letter from {place}: {noun} are not just a statistic",
            "I am writing this from a kitchen table in {place}, where the conversation, as it so often does now, has turned to {noun}.",
        ),
        (
            "Nobody voted for {noun}. So why do we tolerate them?",
            "Nobody stood for election promising more {noun}. And yet here we are, {small} years on, with more of them than ever.",
        ),
    ],
    stand: &[
        "Everyone agrees that something must be done about {noun}. Few are willing to say what, or who should pay for it.",
        "{Inst} has promised to {action}. But promises are cheap, and the people of {place} have heard them all before.",
        "We have spent years arguing about {noun} in the abstract. It is time to listen to the people who live with the consequences.",
        "The debate about {noun} has become stuck. There is a way out, if we have the courage to take it.",
    ],
    paras: &[
        "I have spent a good deal of time in {place} over the past year, and I have watched {noun} become part of the furniture.",
        "It is tempting to blame {inst}. It is also too easy.",
        "Consider the numbers. {Noun} have risen by {pct} per cent since {year}, yet the debate has barely moved.",
        "None of this is inevitable. It is the product of choices, made by people who could have chosen differently.",
        "We have been here before. In {year}, a similar crisis produced a flurry of promises, a handful of reports and very little else.",
        "There is a moral question here, too, and it is one that we are oddly reluctant to ask: what do we owe to one another?",
        "The first step is simple enough. {Gov} should {action}, and they should say so plainly.",
        "Critics will say that this is unaffordable. They are not wrong to worry about cost, but they are wrong to ignore the cost of doing nothing.",
        "I do not pretend that any of this is easy. But difficulty is not the same as impossibility.",
        "The people I met in {place} were not asking for miracles. They wanted to be treated with a little dignity.",
        "It is worth remembering how we got here. For years, {noun} were treated as a local problem, to be managed rather than solved.",
        "There are signs of hope. In {place2}, a small group of volunteers has shown what is possible when people stop waiting for permission.",
        "Some will accuse me of naivety. I would rather be naive than resigned.",
        "The truth is that we know what works. What we lack is the will to pay for it and the patience to see it through.",
        "Politicians of every party have found it convenient to look the other way. That convenience has a price, and others are paying it.",
        "Nor is this only a matter for {inst}. Every one of us has a stake in the outcome.",
    ],
    shared: &[],
    intro: &[
        "When I put this to {a}, {ar}, the reply was disarmingly frank: \"{quote}\"",
        "{a}, {ar}, put it to me like this: \"{quote}\"",
        "I spoke last week to {a}, {ar}. \"{quotec}\" {as} said.",
        "As {a}, {ar}, has argued, \"{quote}\"",
    ],
    follow: &[
        "{As} is right, and it is a pity that so few in power seem willing to say so.",
        "As {as} told me: \"{quote}\"",
        "I think {as} is too generous. But the point stands.",
    ],
    close: &[
        "We can do better. The question is whether we want to.",
        "The people of {place} deserve nothing less.",
        "It is not too late. But it soon will be.",
        "History will not judge us on our intentions, but on what we did.",
        "We have the means. What we need now is the will.",
    ],
    subheads: &[
        "The cost of doing nothing",
        "A better way",
        "What we get wrong",
        "The moral question",
        "Where I stand",
        "Not a counsel of despair",
        "The view from {place}",
        "Listening, for once",
    ],
    quotes: SHARED_QUOTES,
    qfrags: &["Enough"],
};

const OBIT: Desk = Desk {
    pairs: &[("{name}", "{name}")],
    stand: &[],
    paras: &[],
    shared: &[],
    intro: &[],
    follow: &[],
    close: &[],
    subheads: &["Career"],
    quotes: &["{name} was the finest colleague I ever had, and the kindest."],
    qfrags: &["A life of service"],
};

const STAND_EXTRA: &[&str] = &[
    "Critics say the plans do not go far enough.",
    "Officials insist they are listening.",
    "A decision is expected within weeks.",
    "The row shows no sign of abating.",
    "Others are less sure.",
    "The stakes could hardly be higher.",
];

// ---------------------------------------------------------------------------------------
// Obituary tables
// ---------------------------------------------------------------------------------------

struct Career {
    prefixes: &'static [&'static str],
    male_only: bool,
    descriptors: &'static [&'static str],
    achievements: &'static [&'static str],
    paras: &'static [&'static str],
    tags: &'static [&'static str],
    insts: &'static [&'static str],
}

const CAREERS: &[Career] = &[
    Career {
        prefixes: &["Canon ", "The Rev ", "The Rev Canon "],
        male_only: false,
        descriptors: &[
            "parish priest",
            "priest and hymn writer",
            "priest and campaigner",
            "parish priest and broadcaster",
            "priest and theologian",
        ],
        achievements: &[
            "revived a struggling parish in {place}",
            "campaigned for the ordination of women",
            "founded a night shelter in {place}",
            "wrote hymns sung across the Anglican Communion",
            "spent four decades in the parishes of {diocese}",
        ],
        paras: &[
            "Ordained deacon in {yr20}, {pr} served a title at {church} before becoming Vicar of St {saint}'s, {town}, where {pr} remained for {small} years.",
            "{Pos} parish, never wealthy, became known for its open door. A lunch club, a credit union and a choir for children who had never sung in a choir before all began in the vicarage kitchen.",
            "{Short} was a reluctant member of the General Synod, where {pr} spoke rarely but memorably, once reducing the chamber to silence with a speech on the dignity of the poor.",
            "{Pr} was made an honorary canon of {cathedral} in {yr50}, an honour {pr} accepted with characteristic embarrassment.",
        ],
        tags: &["church-of-england", "general-synod", "cathedrals"],
        insts: &[
            "the Diocese of Durham",
            "Westcott House, Cambridge",
            "Cuddesdon",
        ],
    },
    Career {
        prefixes: &["The Rt Rev "],
        male_only: false,
        descriptors: &[
            "former Bishop of {diocese}",
            "bishop and reformer",
            "former Bishop of {diocese} and champion of rural parishes",
        ],
        achievements: &[
            "steered the diocese through a decade of change",
            "championed rural parishes in the House of Lords",
            "built bridges across the Anglican Communion",
        ],
        paras: &[
            "{Pr} was consecrated bishop in {yr50} and quickly established a reputation as a listener rather than a lecturer.",
            "In the House of Lords, {short} spoke on rural poverty, asylum and the care of the dying, often to a nearly empty chamber, and never with notes.",
            "{Pos} years in the diocese were not without controversy. A plan to merge {small} parishes provoked a rebellion that {pr} later said had taught {obj} more than any book.",
            "{Pr} travelled widely in the Communion, and kept up a friendship with bishops in Africa and Asia that outlasted many official links.",
        ],
        tags: &["church-of-england", "anglican-communion", "general-synod"],
        insts: &[
            "Lambeth Palace",
            "the House of Lords",
            "the Anglican Communion Office",
        ],
    },
    Career {
        prefixes: &["Dr "],
        male_only: false,
        descriptors: &[
            "paediatrician",
            "GP and public health campaigner",
            "pioneering heart surgeon",
            "psychiatrist",
        ],
        achievements: &[
            "transformed care for premature babies in {place}",
            "fought for better care in the poorest parts of {place}",
            "pioneered a technique now used around the world",
        ],
        paras: &[
            "{Pr} qualified in {yr20} and joined the NHS in its early, idealistic years, a time {pr} later described as \"exhausting and glorious\".",
            "At {place} General Hospital, {short} built a unit that became a model for the rest of the country, persuading sceptical managers with data and sheer persistence.",
            "{Pos} papers on the subject were cited for decades, but {pr} was proudest of the letters from parents, which {pr} kept in a shoebox under the desk.",
        ],
        tags: &["nhs", "education"],
        insts: &[
            "the Royal College of Physicians",
            "Guy's Hospital",
            "the Royal Infirmary",
        ],
    },
    Career {
        prefixes: &[""],
        male_only: false,
        descriptors: &[
            "headteacher",
            "headteacher and education reformer",
            "teacher and author",
        ],
        achievements: &[
            "turned round a failing school in {place}",
            "championed comprehensive education",
            "taught three generations in {place}",
        ],
        paras: &[
            "{Pr} became head of a comprehensive in {place} in {yr30}, inheriting a school that inspectors had described as failing. Within five years it was oversubscribed.",
            "{Short} knew the name of every pupil and, it was said, the name of every pupil's dog.",
            "{Pr} served on national committees on the curriculum, but never lost the habit of teaching a class a week.",
        ],
        tags: &["education"],
        insts: &[
            "the National Union of Teachers",
            "the Department for Education",
        ],
    },
    Career {
        prefixes: &["", "Dame ", "Sir "],
        male_only: false,
        descriptors: &["actor", "stage and television actor", "actor and director"],
        achievements: &[
            "became a fixture of Sunday-evening television",
            "brought Shakespeare to audiences in the regions",
            "was a favourite at the National Theatre for three decades",
        ],
        paras: &[
            "{Pr} made {pos} professional debut in repertory in {town} in {yr20}, playing a butler with three lines and, by {pos} own account, two of them wrong.",
            "Television brought fame in the 1970s, but the stage remained {pos} first love, and {pr} returned to it again and again.",
            "Directors valued {pos} stillness. Audiences valued {pos} timing. Colleagues valued {pos} kindness, especially to the young.",
        ],
        tags: &["theatre", "television"],
        insts: &[
            "the National Theatre",
            "the Royal Shakespeare Company",
            "the BBC",
        ],
    },
    Career {
        prefixes: &[""],
        male_only: false,
        descriptors: &["novelist", "novelist and critic", "poet and teacher"],
        achievements: &[
            "wrote a celebrated trilogy about life in {place}",
            "chronicled the lives of working women in the North",
            "won a devoted readership late in life",
        ],
        paras: &[
            "{Pos} first novel, published in {yr30}, was rejected by eleven publishers before it found a home; it has never been out of print.",
            "{Short} wrote every morning, longhand, and spent the afternoons walking, which {pr} regarded as part of the same job.",
            "Critics were sometimes sniffy about {pos} popularity. Readers did not care, and neither, in the end, did {pr}.",
        ],
        tags: &["books"],
        insts: &["the Society of Authors", "the Royal Society of Literature"],
    },
    Career {
        prefixes: &["", "Dr "],
        male_only: false,
        descriptors: &[
            "organist and composer",
            "cathedral organist",
            "choral conductor",
        ],
        achievements: &[
            "trained generations of cathedral choristers",
            "wrote church music sung around the world",
            "revived the choir at {cathedral}",
        ],
        paras: &[
            "{Pr} was appointed organist of {cathedral} in {yr30}, and held the post for more than a quarter of a century.",
            "{Pos} settings of the evening canticles are sung in cathedrals and parish churches across the Anglican world.",
            "Choristers remembered {obj} as exacting but fair, and funny, which mattered more.",
        ],
        tags: &["music", "cathedrals", "church-of-england"],
        insts: &[
            "the Royal College of Organists",
            "the Royal School of Church Music",
        ],
    },
    Career {
        prefixes: &["", "Sir ", "Dame "],
        male_only: false,
        descriptors: &[
            "former MP for {place}",
            "politician and campaigner",
            "former minister",
        ],
        achievements: &[
            "fought for the mining communities of {place}",
            "led the campaign for a new hospital in {place}",
            "served in three governments",
        ],
        paras: &[
            "{Pr} was elected MP for {place} in {yr30} and held the seat through five general elections, sometimes narrowly.",
            "In the Commons, {short} was a diligent rather than a dazzling performer, but {pos} work on committees earned respect across the House.",
            "After leaving Parliament, {pr} chaired a housing trust and sat on the board of a hospice.",
        ],
        tags: &["westminster", "housing"],
        insts: &[
            "the House of Commons",
            "the Labour Party",
            "the Conservative Party",
        ],
    },
    Career {
        prefixes: &["Professor ", "Dr "],
        male_only: false,
        descriptors: &["climate scientist", "engineer", "physicist"],
        achievements: &[
            "helped to build the first climate models",
            "designed bridges across three continents",
            "made fundamental discoveries about the upper atmosphere",
        ],
        paras: &[
            "{Pr} joined the Met Office in {yr20}, at a time when computers filled rooms and forecasts were still largely drawn by hand.",
            "{Pos} work was technical, patient and, for many years, unfashionable. It is now cited in every major assessment of the field.",
            "{Short} was a gifted explainer, and gave public lectures well into {pos} eighties.",
        ],
        tags: &["climate", "technology"],
        insts: &[
            "the Met Office",
            "the Royal Society",
            "Imperial College London",
        ],
    },
    Career {
        prefixes: &[""],
        male_only: false,
        descriptors: &[
            "foreign correspondent",
            "journalist and broadcaster",
            "war reporter",
        ],
        achievements: &[
            "reported from Baghdad through three decades of war",
            "covered the end of empire in Africa",
            "brought the Middle East to British breakfast tables",
        ],
        paras: &[
            "{Pr} joined a news agency in {yr20} and within two years had been sent to Beirut, where {pr} learned the trade, as {pr} put it, \"under fire and on deadline\".",
            "{Pos} dispatches from Baghdad were vivid, humane and unsparing, and {pr} was proudest of those that gave a voice to people who would otherwise not have been heard.",
            "{Short} never wrote a memoir, insisting that the story had never been about {obj}.",
        ],
        tags: &["iraq", "middle-east", "africa"],
        insts: &["Reuters", "the BBC World Service", "the Press Association"],
    },
];

const OBIT_HEADLINES: &[&str] = &[
    "{name}, {desc} who {ach}, dies aged {age}",
    "{name} obituary: the {desc} who {ach}",
    "{name}: {desc} who {ach}",
    "{name}, {desc}, has died at the age of {age}",
    "{name}, the {desc} who {ach}",
];

const OBIT_STAND: &[&str] = &[
    "{name}, who has died aged {age}, {ach}, and was loved by those who worked alongside {obj} for a generosity that rarely made the headlines.",
    "A gifted {desc} who {ach}, {short} was admired for {pos} integrity and remembered for {pos} humour, and was still working well into old age.",
    "{Name} {ach}. Colleagues remember a {desc} of rare energy, who never lost sight of the people {pr} served.",
];

const OBIT_OPENING: &[&str] = &[
    "{Name}, who has died aged {age}, was a {desc} who {ach}. To those who knew {obj}, {pr} was above all a person of extraordinary warmth.",
    "{Name}, the {desc} who {ach}, has died aged {age}. {Pr} was one of the most respected figures of {pos} generation.",
    "{Name} {ach}, and did so with the quiet determination that marked everything {pr} did. {Pr} has died at the age of {age}.",
];

const OBIT_BIRTH: &[&str] = &[
    "Born in {bplace} on {bdate}, {first} was the eldest of four children of {ajob} and {ajob}.",
    "Born in {bplace} on {bdate}, {first} was the youngest of three children of {ajob} and {ajob}.",
    "{First} {last} was born in {bplace}, the only {parent} of {ajob} and {ajob}, on {bdate}.",
    "{Pr} was born on {bdate} in {bplace}, where {pos} father worked as {ajob} and {pos} mother as {ajob}.",
];

const OBIT_EDUCATION: &[&str] = &[
    "{Pr} was educated at {school} and went up to {uni} to read {subject}, graduating in {yr20}.",
    "After {school}, {pr} won a scholarship to {uni}, where {pr} read {subject} and discovered, in {pos} own words, \"that the world was much larger than {bplace}\".",
    "A bright but restless pupil at {school}, {pr} went on to study {subject} at {uni}.",
];

const OBIT_CAREER: &[&str] = &[
    "In {yr30}, {pr} moved to {oinst}, where {pr} spent the most productive years of {pos} career.",
    "{Pr} was appointed OBE in {yr50} for services to {pos} profession and to the community in {place}.",
    "Those who worked with {obj} recall a demanding but generous colleague, quick to give credit to others and slow to claim it.",
    "{Short} never sought promotion for its own sake, and turned down at least two senior posts that would have taken {obj} away from the work {pr} loved.",
];

const OBIT_LATER: &[&str] = &[
    "In retirement {pr} moved to {town}, where {pr} sang in the church choir, kept bees and wrote long letters to the local paper.",
    "Retirement, in {town}, was busy: {pr} chaired the parish council, campaigned to save the village post office and walked the fells until {pos} late eighties.",
    "{Pr} remained active until the last year of {pos} life, mentoring younger colleagues and, to the end, refusing to use email.",
];

const OBIT_TRIBUTE_INTRO: &[&str] = &[
    "Tributes were led by {b}, {br}, who said that {short} had been an inspiration.",
    "Among the many tributes was one from {b}, {br}.",
    "{b}, {br}, paid tribute to a friend of many years.",
];

const OBIT_TRIBUTES: &[&str] = &[
    "{Short} had a gift for making everyone in the room feel that they mattered. I never saw it fail.",
    "There was nobody quite like {obj}. We shall not see {pos} like again.",
    "{Pr} taught me more than anyone else about how to do this work, and how to do it with grace.",
    "Fierce, funny and endlessly kind: that was {short}.",
];

const OBIT_TRIBUTE_PARA: &[&str] = &[
    "Friends and colleagues remembered {obj} this week as a person of great kindness and unbending principle. \"{tributec}\" said {b}, {br}.",
    "Tributes poured in from former colleagues. \"{tributec}\" said {b}, {br}.",
];

const OBIT_FAMILY: &[&str] = &[
    "{Pr} married {spouse} in {yr30}; they had {kids}. {Pr} is survived by {spousefirst}, their children and {grand}.",
    "{Pos} marriage to {spouse} ended in divorce. {Pr} is survived by {kids} and {grand}.",
    "{Pr} married {spouse}, who died in {yr50}. {Pr} is survived by {kids} and {grand}.",
    "{Pr} never married, but was a devoted godparent to a small army of godchildren, who survive {obj}.",
];

const PARENT_JOBS: &[&str] = &[
    "miner",
    "schoolteacher",
    "railway clerk",
    "nurse",
    "shopkeeper",
    "farmer",
    "bus driver",
    "seamstress",
    "vicar",
    "engineer",
    "postman",
    "mill worker",
    "doctor",
    "solicitor's clerk",
    "fisherman",
];

const UNIVERSITIES: &[&str] = &[
    "Oxford",
    "Cambridge",
    "Durham",
    "the University of Manchester",
    "the University of Edinburgh",
    "King's College London",
    "the University of Bristol",
    "the University of Leeds",
    "Trinity College Dublin",
    "the University of Glasgow",
    "the London School of Economics",
];

const SUBJECTS: &[&str] = &[
    "history",
    "English",
    "theology",
    "medicine",
    "mathematics",
    "classics",
    "physics",
    "modern languages",
    "law",
    "music",
    "geography",
    "philosophy, politics and economics",
];

// ---------------------------------------------------------------------------------------
// Names and places
// ---------------------------------------------------------------------------------------

const FEMALE: &[&str] = &[
    "Helen",
    "Sarah",
    "Priya",
    "Aisha",
    "Rachel",
    "Fiona",
    "Siobhan",
    "Nadia",
    "Emma",
    "Lucy",
    "Rhiannon",
    "Catriona",
    "Mei",
    "Hannah",
    "Grace",
    "Yasmin",
    "Charlotte",
    "Margaret",
    "Ruth",
    "Anna",
    "Bethan",
    "Eilidh",
    "Niamh",
    "Zainab",
    "Amara",
    "Harriet",
    "Rosalind",
    "Clare",
    "Judith",
    "Lydia",
    "Martha",
    "Amelia",
    "Jasmine",
    "Natalie",
    "Joanna",
    "Sunita",
    "Deepa",
    "Farah",
    "Felicity",
    "Bridget",
    "Elaine",
    "Gillian",
    "Iona",
    "Kate",
    "Lorna",
    "Patricia",
    "Sheila",
    "Vanessa",
    "Wendy",
    "Alison",
    "Imogen",
    "Miriam",
    "Olivia",
    "Philippa",
    "Ngozi",
    "Abigail",
];

const MALE: &[&str] = &[
    "James", "David", "Mohammed", "Tom", "Gareth", "Hamish", "Chidi", "Rajesh", "Alistair",
    "Owain", "Duncan", "Joseph", "Kwame", "Imran", "Daniel", "Peter", "Simon", "Nicholas",
    "Jonathan", "Callum", "Kieran", "Declan", "Tariq", "Femi", "Miles", "Edmund", "Graham", "Neil",
    "Paul", "Andrew", "Stephen", "Isaac", "Ben", "Oliver", "Leon", "Marcus", "Anil", "Ravi",
    "Hugh", "Alan", "Colin", "Francis", "Howard", "Jeremy", "Malcolm", "Nigel", "Roger", "Trevor",
    "Rupert", "Samuel", "Dominic", "Tobias", "Ewan", "Rhodri", "Vikram", "Matthew",
];

const SURNAMES: &[&str] = &[
    "Marsh",
    "Hargreaves",
    "Ellison",
    "Okafor",
    "Patel",
    "Khan",
    "Campbell",
    "Davies",
    "Evans",
    "Roberts",
    "Hughes",
    "Lloyd",
    "Price",
    "Morgan",
    "MacLeod",
    "Fraser",
    "Stewart",
    "Murray",
    "Kerr",
    "O'Neill",
    "Byrne",
    "Doyle",
    "Walsh",
    "Brennan",
    "Ahmed",
    "Hussain",
    "Shah",
    "Chowdhury",
    "Mensah",
    "Adeyemi",
    "Osei",
    "Nwosu",
    "Chen",
    "Wong",
    "Singh",
    "Kaur",
    "Gill",
    "Sharma",
    "Fletcher",
    "Whitaker",
    "Ashworth",
    "Holloway",
    "Pennington",
    "Thornton",
    "Blackwood",
    "Fairbairn",
    "Cartwright",
    "Lockwood",
    "Pemberton",
    "Radcliffe",
    "Sutcliffe",
    "Hollis",
    "Kendrick",
    "Lambert",
    "Mercer",
    "Norris",
    "Oakley",
    "Prentice",
    "Quayle",
    "Rowntree",
    "Sherwood",
    "Tennant",
    "Underwood",
    "Vickers",
    "Wainwright",
    "Yardley",
    "Abbott",
    "Barlow",
    "Chadwick",
    "Dawson",
    "Eastwood",
    "Fenwick",
    "Gilchrist",
    "Hale",
    "Ingram",
    "Jarvis",
    "Kirby",
    "Latham",
    "Maddox",
    "Naylor",
    "Ormerod",
    "Pickering",
    "Stanton",
    "Talbot",
    "Varley",
    "Webb",
    "Acheson",
    "Bell",
    "Drummond",
    "Everett",
    "Forsyth",
    "Greaves",
    "Harding",
    "Irving",
    "Jennings",
    "Keane",
    "Lowe",
    "Moss",
    "Nash",
    "Parry",
    "Rees",
    "Saunders",
    "Vaughan",
    "Buckley",
    "Crossley",
    "Finch",
    "Godwin",
    "Hebden",
    "Knowles",
    "Lister",
    "Mallory",
    "Newbold",
    "Outhwaite",
    "Bamford",
    "Carrick",
    "Dunbar",
    "Emsley",
    "Gould",
];

const UK_PLACES: &[&str] = &[
    "Leeds",
    "Manchester",
    "Birmingham",
    "Bristol",
    "Sheffield",
    "Newcastle",
    "Liverpool",
    "Nottingham",
    "Leicester",
    "Coventry",
    "Bradford",
    "Hull",
    "Stoke-on-Trent",
    "Plymouth",
    "Southampton",
    "Portsmouth",
    "Norwich",
    "Ipswich",
    "Cambridge",
    "Oxford",
    "Reading",
    "Swindon",
    "Gloucester",
    "Exeter",
    "Truro",
    "Carlisle",
    "Lancaster",
    "Preston",
    "Blackpool",
    "Bolton",
    "Wigan",
    "Stockport",
    "Derby",
    "Lincoln",
    "Grimsby",
    "Middlesbrough",
    "Sunderland",
    "Durham",
    "York",
    "Harrogate",
    "Scarborough",
    "Whitby",
    "Hereford",
    "Worcester",
    "Shrewsbury",
    "Telford",
    "Wolverhampton",
    "Luton",
    "Peterborough",
    "Colchester",
    "Chelmsford",
    "Canterbury",
    "Margate",
    "Brighton",
    "Hastings",
    "Bournemouth",
    "Salisbury",
    "Bath",
    "Cardiff",
    "Swansea",
    "Newport",
    "Wrexham",
    "Bangor",
    "Glasgow",
    "Edinburgh",
    "Aberdeen",
    "Dundee",
    "Inverness",
    "Belfast",
    "Derry",
    "Croydon",
    "Lewisham",
    "Tower Hamlets",
    "Barnsley",
    "Rochdale",
    "Kendal",
];

const DIOCESES: &[&str] = &[
    "Oxford",
    "Durham",
    "Bath and Wells",
    "Chelmsford",
    "Leicester",
    "Truro",
    "Carlisle",
    "Lichfield",
    "Southwark",
    "Norwich",
    "Ely",
    "Exeter",
    "Manchester",
    "Liverpool",
    "Worcester",
    "St Albans",
    "Salisbury",
    "Chichester",
    "Newcastle",
    "Sheffield",
    "Lincoln",
    "Hereford",
    "Blackburn",
    "Coventry",
    "Gloucester",
    "Peterborough",
];

const CATHOLIC_DIOCESES: &[&str] = &[
    "Hexham and Newcastle",
    "Shrewsbury",
    "Plymouth",
    "Clifton",
    "Leeds",
    "Salford",
    "Nottingham",
    "Arundel and Brighton",
    "East Anglia",
    "Lancaster",
];

const CATHEDRALS: &[&str] = &[
    "Durham Cathedral",
    "York Minster",
    "Lichfield Cathedral",
    "Salisbury Cathedral",
    "Ely Cathedral",
    "Norwich Cathedral",
    "Wells Cathedral",
    "St Paul's Cathedral",
    "Lincoln Cathedral",
    "Hereford Cathedral",
    "Truro Cathedral",
    "Exeter Cathedral",
    "Worcester Cathedral",
    "Chichester Cathedral",
    "Carlisle Cathedral",
];

const SAINTS: &[&str] = &[
    "Mary",
    "Michael",
    "John",
    "Peter",
    "Paul",
    "Andrew",
    "James",
    "Luke",
    "Mark",
    "Matthew",
    "Nicholas",
    "Margaret",
    "Bartholomew",
    "Giles",
    "Helen",
    "Martin",
    "Alban",
    "Chad",
    "Cuthbert",
    "Aidan",
    "Oswald",
    "Laurence",
    "Botolph",
    "Mary Magdalene",
];

/// (name format, short form, role, male only).
const CLERGY: &[(&str, &str, &str, bool)] = &[
    (
        "the Rt Rev {n}",
        "Bishop {l}",
        "the Bishop of {diocese}",
        false,
    ),
    ("the Very Rev {n}", "{l}", "the Dean of {cathedral}", false),
    ("the Rev {n}", "{l}", "Vicar of St {saint}'s, {town}", false),
    ("the Rev Canon {n}", "Canon {l}", "Rector of {town}", false),
    ("the Ven {n}", "{l}", "Archdeacon of {diocese}", false),
    (
        "Dr {n}",
        "Dr {l}",
        "a church historian at the University of Durham",
        false,
    ),
    (
        "the Rev {n}",
        "{l}",
        "a clergy member of the General Synod from {diocese}",
        false,
    ),
];

const CATHOLIC_CLERGY: &[(&str, &str, &str, bool)] = &[
    (
        "the Rt Rev {n}",
        "Bishop {l}",
        "the Catholic Bishop of {cdiocese}",
        true,
    ),
    (
        "Fr {n}",
        "Fr {l}",
        "parish priest of St {saint}'s, {town}",
        true,
    ),
    (
        "Mgr {n}",
        "Mgr {l}",
        "Vicar General of the Diocese of {cdiocese}",
        true,
    ),
];

const HOME_ROLES: &[&str] = &[
    "a local councillor in {place}",
    "the MP for {place}",
    "a resident of {place}",
    "a spokesperson for {group}",
    "a researcher at {group}",
    "leader of {place} City Council",
];
const WORLD_ROLES: &[&str] = &[
    "a resident of {place}",
    "a Western diplomat",
    "a local official",
    "an analyst at a regional think tank",
    "an aid worker in {place}",
];
const CHURCH_LAY_ROLES: &[&str] = &[
    "a churchwarden at St {saint}'s, {town}",
    "a lay member of the General Synod from {diocese}",
    "chair of the {diocese} diocesan board of finance",
    "a parishioner in {town}",
];
const BUSINESS_ROLES: &[&str] = &[
    "chief executive of {co}",
    "an analyst at a City brokerage",
    "chief economist at a high-street bank",
    "a small business owner in {place}",
    "chair of the Federation of Small Businesses",
];
const CULTURE_ROLES: &[&str] = &[
    "artistic director of {venue}",
    "a critic",
    "a festival director",
    "the culture secretary",
    "a playwright",
];

const HOME_GROUPS: &[&str] = &[
    "the think tank Northern Futures",
    "the charity Common Ground",
    "the campaign group Fair Share",
    "the Institute for Public Policy Studies",
    "the charity Open Door Trust",
    "the Bridgewater Institute",
    "the campaign group Citizens First",
];
const WORLD_GROUPS: &[&str] = &[
    "the aid agency Christian Aid",
    "the International Rescue Committee",
    "Médecins Sans Frontières",
    "Human Rights Watch",
    "the UN refugee agency",
    "the World Food Programme",
    "Amnesty International",
];
const CHURCH_GROUPS: &[&str] = &[
    "the Church Urban Fund",
    "the Mothers' Union",
    "the campaign group Save the Parish",
    "Inclusive Church",
    "the Church of England Evangelical Council",
    "Affirming Catholicism",
    "the survivors' group Safe Spaces Now",
];
const BUSINESS_GROUPS: &[&str] = &[
    "the Federation of Small Businesses",
    "the CBI",
    "the British Chambers of Commerce",
    "the Resolution Foundation",
    "the Institute of Directors",
    "the Institute for Fiscal Studies",
];
const CULTURE_GROUPS: &[&str] = &[
    "the Campaign for the Arts",
    "the Music Venue Trust",
    "the Society of Authors",
    "UK Theatre",
    "the Art Fund",
];

const CO_PREFIX: &[&str] = &[
    "Harcourt",
    "Meridian",
    "Albion",
    "Northgate",
    "Castlefield",
    "Pennine",
    "Severn",
    "Thameside",
    "Brightwater",
    "Ashdown",
    "Kestrel",
    "Marlow",
    "Wessex",
    "Calder",
    "Sterling",
    "Lomond",
    "Tyne Valley",
    "Greyfriars",
    "Beacon",
    "Halcyon",
];

const WORK_ADJ: &[&str] = &[
    "Quiet", "Winter", "Salt", "Long", "Hollow", "Drowned", "Glass", "Northern", "Burning", "Last",
    "Small", "Borrowed", "Silent", "Lost", "Iron", "Paper", "Bright", "Bitter", "Wild", "Distant",
];
const WORK_NOUN: &[&str] = &[
    "Harbour",
    "Orchard",
    "Kingdom",
    "Hours",
    "Shore",
    "Inheritance",
    "Garden",
    "Country",
    "Reckoning",
    "Light",
    "Mercy",
    "Weather",
    "Tide",
    "House",
    "Field",
    "Choir",
    "River",
    "Crossing",
    "Season",
    "Archive",
];

const VENUES: &[&str] = &[
    "the National Theatre",
    "the Royal Exchange, Manchester",
    "the Sheffield Crucible",
    "the Barbican",
    "the Royal Albert Hall",
    "Tate Modern",
    "the Lyceum, Edinburgh",
    "the Bristol Old Vic",
    "the Royal Festival Hall",
    "the Hepworth Wakefield",
    "the Traverse, Edinburgh",
    "the Liverpool Everyman",
    "the Birmingham Rep",
    "the Sage Gateshead",
    "the Young Vic",
];

const CAUSES: &[&str] = &[
    "the night shelter",
    "the food bank",
    "the church roof fund",
    "a hospice",
    "a refugee charity",
    "the parish youth work",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const BEATS: &[&str] = &[
    "chief reporter",
    "political editor",
    "religious affairs correspondent",
    "home affairs editor",
    "health correspondent",
    "education correspondent",
    "world affairs editor",
    "Middle East correspondent",
    "Europe correspondent",
    "business editor",
    "economics correspondent",
    "arts correspondent",
    "chief leader writer",
    "obituaries editor",
    "social affairs correspondent",
    "North of England correspondent",
    "Scotland correspondent",
    "Wales correspondent",
    "environment correspondent",
    "transport correspondent",
    "columnist",
    "literary editor",
    "theatre critic",
    "deputy news editor",
    "Washington correspondent",
    "Africa correspondent",
    "Asia correspondent",
    "legal affairs correspondent",
    "data journalist",
    "church news editor",
];

const OUTLETS: &[&str] = &[
    "the Yorkshire Post",
    "the Manchester Evening News",
    "Reuters",
    "the BBC",
    "the Press Association",
    "the Financial Times",
    "the Western Mail",
    "The Scotsman",
    "the Belfast Telegraph",
    "the Birmingham Post",
    "the Eastern Daily Press",
    "Sky News",
    "the Northern Echo",
    "the Church Times",
    "The Economist",
];

const BIO_EXTRA: &[&str] = &[
    "",
    " for eight years",
    ", latterly as a news editor",
    " as a foreign correspondent",
    ", covering politics",
    " and before that on a local weekly paper",
];

const BIO_THIRD: &[&str] = &[
    "{pr} lives in {place}.",
    "{pr} has won several awards for investigative reporting.",
    "{pr} is the author of two books.",
    "{pr} was shortlisted for the Orwell Prize for journalism.",
    "{pr} sings in a church choir in {place}.",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn valid_slug(s: &str) -> bool {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
    }

    fn many(seed: u64, n: usize) -> Vec<(&'static str, StorySeed)> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let sections = sections();
        (0..n)
            .map(|i| {
                let s = sections[i % sections.len()];
                (s.slug, story(&mut rng, s))
            })
            .collect()
    }

    #[test]
    fn sections_tags_and_authors_follow_the_rules() {
        let slugs: Vec<_> = sections().iter().map(|s| s.slug).collect();
        assert_eq!(
            slugs,
            [
                "news",
                "world",
                "uk",
                "church",
                "comment",
                "obituaries",
                "business",
                "culture"
            ]
        );
        let tags = tags();
        assert!((30..=45).contains(&tags.len()), "{} tags", tags.len());
        let distinct: HashSet<_> = tags.iter().map(|t| t.slug).collect();
        assert_eq!(distinct.len(), tags.len());
        assert!(
            tags.iter()
                .all(|t| valid_slug(t.slug) && !t.name.is_empty())
        );
        for count in [0, 1, 14, 30, 45] {
            let authors = authors(&mut fastrand::Rng::with_seed(7), count);
            assert_eq!(authors.len(), count);
            let slugs: HashSet<_> = authors.iter().map(|a| a.slug.clone()).collect();
            let names: HashSet<_> = authors.iter().map(|a| a.name.clone()).collect();
            assert_eq!((slugs.len(), names.len()), (count, count));
            for a in &authors {
                assert!(valid_slug(&a.slug), "{}", a.slug);
                let sentences = a.bio.matches(". ").count() + 1;
                assert!((2..=3).contains(&sentences), "{}", a.bio);
            }
        }
        assert_eq!(
            authors(&mut fastrand::Rng::with_seed(3), 20),
            authors(&mut fastrand::Rng::with_seed(3), 20)
        );
    }

    #[test]
    fn same_seed_same_stories_different_seed_different() {
        assert_eq!(many(42, 50), many(42, 50));
        assert_ne!(many(42, 50), many(43, 50));
    }

    #[test]
    fn every_story_is_well_formed() {
        let tag_count = tags().len();
        for (section, s) in many(9, 4000) {
            let h = s.headline.split_whitespace().count();
            assert!(
                (6..=14).contains(&h),
                "{section}: headline of {h} words: {}",
                s.headline
            );
            assert!(
                !s.headline.ends_with('.') && !s.headline.contains('{'),
                "{}",
                s.headline
            );
            let w = s.standfirst.split_whitespace().count();
            assert!(
                (20..=40).contains(&w),
                "{section}: standfirst of {w} words: {}",
                s.standfirst
            );
            let blocks: Vec<&str> = s.body_markdown.split("\n\n").collect();
            let subheads = blocks.iter().filter(|b| b.starts_with("## ")).count();
            let quotes = blocks.iter().filter(|b| b.starts_with("> ")).count();
            let paras = blocks.len() - subheads - quotes;
            assert!(
                (1..=3).contains(&subheads),
                "{section}: {subheads} subheads"
            );
            assert!(quotes <= 2);
            assert!((6..=14).contains(&paras), "{section}: {paras} paragraphs");
            assert!(
                !s.body_markdown.contains('{') && !s.body_markdown.contains('}'),
                "{}",
                s.body_markdown
            );
            assert!(
                s.body_markdown.contains('"'),
                "no quoted speech in {section}"
            );
            for b in &blocks {
                assert!(!b.trim().is_empty() && b.trim() == *b);
            }
            assert!((1..=4).contains(&s.tags.len()));
            assert!(s.tags.iter().all(|t| *t < tag_count));
            assert_eq!(s.tags.iter().collect::<HashSet<_>>().len(), s.tags.len());
            assert!(!s.credit.is_empty() && !s.caption.is_empty() && !s.alt.is_empty());
            assert!(
                !s.caption.contains('{') && !s.alt.contains('{') && !s.standfirst.contains('{')
            );
            assert_eq!(s.flags.opinion, section == "comment");
            assert_eq!(s.flags.obituary, section == "obituaries");
        }
    }

    #[test]
    fn headlines_are_distinct() {
        let started = std::time::Instant::now();
        let stories = many(1, 2000);
        eprintln!("2000 stories in {:?}", started.elapsed());
        let distinct: HashSet<_> = stories.iter().map(|(_, s)| s.headline.clone()).collect();
        let share = distinct.len() as f64 / stories.len() as f64;
        eprintln!(
            "distinct headlines: {} of {} ({:.2}%)",
            distinct.len(),
            stories.len(),
            share * 100.0
        );
        let mut seen = HashSet::new();
        for (section, s) in &stories {
            if !seen.insert(s.headline.clone()) {
                eprintln!("dup {section}: {}", s.headline);
            }
        }
        assert!(share >= 0.95);
    }

    #[test]
    fn write_preview() {
        let dir = std::path::Path::new("/tmp/demo-preview");
        std::fs::create_dir_all(dir).unwrap();
        let mut rng = fastrand::Rng::with_seed(2024);
        let tags = tags();
        let mut all = String::new();
        for section in sections() {
            for _ in 0..2 {
                let s = story(&mut rng, section);
                let tag_names: Vec<_> = s.tags.iter().map(|t| tags[*t].name).collect();
                all.push_str(&format!(
                    "==== {} ====\n# {}\n\n_{}_\n\n[picture: {} ({}) alt: {}]\ntags: {:?} flags: {:?}\n\n{}\n\n",
                    section.name, s.headline, s.standfirst, s.caption, s.credit, s.alt, tag_names, s.flags, s.body_markdown
                ));
            }
        }
        std::fs::write(dir.join("stories.md"), all).unwrap();
    }
}
