//! One ninjs item as the file has it, read tolerantly: a single model for the three
//! versions in use. ninjs 1.x (and Superdesk, which speaks an extended 1.x) writes
//! `guid`/`uri`, `headline`, `body_html`, `byline`, `subject` and keeps `associations`
//! and `renditions` as objects keyed by name; 2.x writes `headlines`, `bodies`, `by`,
//! `subjects` and keeps those two as arrays whose items carry their `name`; 3.x is 2.x
//! in camelCase (`versionCreated`, `embargoedUntil`, `contentType`). Each field below
//! takes every spelling, so the mapping reads one shape.
//!
//! What the mapping does not use is not modelled, and so never stops an import (genres,
//! urgency, events, Superdesk's `extra`…). Text a producer wrote as a number (`"version":
//! 3`) is read as text.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// Text that may have been written as a string, a number or a boolean; `null` is empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Text(pub(crate) String);

impl Text {
    pub(crate) fn as_str(&self) -> &str {
        self.0.trim()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Text(match Value::deserialize(d)? {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
            Value::Array(_) => return Err(D::Error::custom("expected text, found a list")),
            Value::Object(_) => return Err(D::Error::custom("expected text, found an object")),
        }))
    }
}

/// A size in pixels, written as a number or as digits; anything else is no size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pixels(pub(crate) Option<u64>);

impl<'de> Deserialize<'de> for Pixels {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Pixels(match Value::deserialize(d)? {
            Value::Number(n) => n
                .as_u64()
                .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }))
    }
}

/// A news item (or, inside `associations`, an associated one such as a picture).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Item {
    /// 2.x and 3.x: the item's identifier.
    pub(crate) uri: Text,
    /// 1.x as Superdesk writes it: the identifier (Superdesk keeps `uri` for the web).
    pub(crate) guid: Text,
    /// The association's name in a 2.x/3.x array (1.x names it by its key).
    pub(crate) name: Text,
    /// `text`, `picture`, `graphic`, `composite`… (3.x adds `event`, `planning`).
    #[serde(rename = "type")]
    pub(crate) kind: Text,
    pub(crate) version: Text,
    #[serde(alias = "versionCreated")]
    pub(crate) versioncreated: Text,
    #[serde(alias = "firstCreated")]
    pub(crate) firstcreated: Text,
    /// Superdesk's: when the item was first published.
    pub(crate) firstpublished: Text,
    #[serde(alias = "pubStatus")]
    pub(crate) pubstatus: Text,
    /// 1.x and 2.x `embargoed`, 3.x `embargoedUntil`.
    #[serde(alias = "embargoedUntil")]
    pub(crate) embargoed: Text,
    #[serde(alias = "copyrightNotice")]
    pub(crate) copyrightnotice: Text,
    #[serde(alias = "copyrightHolder")]
    pub(crate) copyrightholder: Text,
    /// 1.x.
    pub(crate) headline: Text,
    /// 2.x and 3.x.
    pub(crate) headlines: Vec<Part>,
    /// 2.x and 3.x; 1.x writes `description_text`, `description_html`… (see [`Item::texts`]).
    pub(crate) descriptions: Vec<Part>,
    /// 2.x and 3.x; 1.x writes `body_html`, `body_text`, `body_richtext`…
    pub(crate) bodies: Vec<Part>,
    /// 1.x `byline`, 2.x and 3.x `by`: the byline as one line of text.
    pub(crate) byline: Text,
    pub(crate) by: Text,
    /// Superdesk's bylines, one profile each.
    pub(crate) authors: Vec<Person>,
    /// People the story is about (1.x `person`); only those related as its author are
    /// bylines.
    #[serde(alias = "person")]
    pub(crate) people: Vec<Person>,
    /// 1.x `subject`, 2.x and 3.x `subjects`.
    #[serde(alias = "subjects")]
    pub(crate) subject: Vec<Concept>,
    /// Superdesk's service (its desks' category): the section.
    pub(crate) service: Vec<Concept>,
    /// 1.x `place`, 2.x and 3.x `places`.
    #[serde(alias = "places")]
    pub(crate) place: Vec<Concept>,
    #[serde(deserialize_with = "associations")]
    pub(crate) associations: Vec<Item>,
    #[serde(deserialize_with = "renditions")]
    pub(crate) renditions: Vec<Rendition>,
    /// Superdesk's pictures: their alternative text.
    pub(crate) alt_text: Text,
    /// Everything else: 1.x's pattern properties (`body_*`, `description_*`,
    /// `headline_*`) are read from here; the rest is not used.
    #[serde(flatten)]
    pub(crate) rest: BTreeMap<String, Value>,
}

impl Item {
    /// 1.x's texts named `{prefix}{kind}` (`body_html`, `body_richtext`,
    /// `description_text`…): each kind and its text, non-empty ones only, in name order.
    pub(crate) fn texts(&self, prefix: &str) -> Vec<(&str, &str)> {
        self.rest
            .iter()
            .filter_map(|(name, value)| {
                let kind = name.strip_prefix(prefix)?;
                let text = value.as_str()?.trim();
                (!kind.is_empty() && !text.is_empty()).then_some((kind, text))
            })
            .collect()
    }
}

/// A 2.x/3.x headline, description or body: its text, with a role and a media type.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Part {
    pub(crate) role: Text,
    #[serde(alias = "contentType")]
    pub(crate) contenttype: Text,
    pub(crate) value: Text,
}

/// A person: a Superdesk author, or a ninjs `people` entry.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Person {
    pub(crate) name: Text,
    /// How the person relates to the item (`author`, `about`…).
    pub(crate) rel: Text,
    /// Superdesk's author role (`writer`, `editor`…).
    pub(crate) role: Text,
    pub(crate) uri: Text,
    pub(crate) code: Text,
    pub(crate) biography: Text,
}

/// A subject, service or place.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Concept {
    pub(crate) name: Text,
    pub(crate) rel: Text,
    pub(crate) scheme: Text,
    pub(crate) code: Text,
    pub(crate) literal: Text,
    pub(crate) uri: Text,
}

/// One file of a picture (or of the item itself).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Rendition {
    pub(crate) name: Text,
    pub(crate) href: Text,
    /// 1.x `mimetype`, 2.x `contenttype`, 3.x `contentType`.
    #[serde(alias = "contenttype", alias = "contentType")]
    pub(crate) mimetype: Text,
    pub(crate) width: Pixels,
    pub(crate) height: Pixels,
}

/// `associations`: an object of named items (1.x) or an array of items that carry their
/// `name` (2.x, 3.x). Empty entries (`"featuremedia": null`) are left out.
fn associations<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Item>, D::Error> {
    let mut out = Vec::new();
    match Value::deserialize(d)? {
        Value::Object(map) => {
            for (name, value) in map {
                if value.is_null() {
                    continue;
                }
                let mut item: Item = serde_json::from_value(value)
                    .map_err(|e| D::Error::custom(format!("association “{name}”: {e}")))?;
                if item.name.is_empty() {
                    item.name = Text(name);
                }
                out.push(item);
            }
        }
        Value::Array(list) => {
            for (n, value) in list.into_iter().enumerate() {
                if value.is_null() {
                    continue;
                }
                let item = serde_json::from_value(value)
                    .map_err(|e| D::Error::custom(format!("association {}: {e}", n + 1)))?;
                out.push(item);
            }
        }
        Value::Null => {}
        _ => return Err(D::Error::custom("associations are an object or a list")),
    }
    Ok(out)
}

/// `renditions`: an object of named renditions (1.x) or an array of them (2.x, 3.x).
fn renditions<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Rendition>, D::Error> {
    let mut out = Vec::new();
    match Value::deserialize(d)? {
        Value::Object(map) => {
            for (name, value) in map {
                if value.is_null() {
                    continue;
                }
                let mut r: Rendition = serde_json::from_value(value)
                    .map_err(|e| D::Error::custom(format!("rendition “{name}”: {e}")))?;
                if r.name.is_empty() {
                    r.name = Text(name);
                }
                out.push(r);
            }
        }
        Value::Array(list) => {
            for value in list.into_iter().filter(|v| !v.is_null()) {
                out.push(serde_json::from_value(value).map_err(D::Error::custom)?);
            }
        }
        Value::Null => {}
        _ => return Err(D::Error::custom("renditions are an object or a list")),
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn item(v: Value) -> Item {
        serde_json::from_value(v).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_three_versions_read_into_one_shape() {
        let one = item(json!({
            "guid": "urn:1", "version": 3, "headline": "H", "byline": "B",
            "subject": [{"code": "01000000", "name": "arts"}],
            "associations": {"featuremedia": {"type": "picture", "renditions": {"original": {"href": "a.jpg", "width": 10, "mimetype": "image/jpeg"}}}, "gone": null},
        }));
        assert_eq!(one.version.as_str(), "3");
        assert_eq!(one.associations.len(), 1);
        assert_eq!(one.associations[0].name.as_str(), "featuremedia");
        assert_eq!(one.associations[0].renditions[0].name.as_str(), "original");
        assert_eq!(one.associations[0].renditions[0].width, Pixels(Some(10)));
        let two = item(json!({
            "uri": "http://x/1", "versioncreated": "2020-01-01T00:00:00Z",
            "headlines": [{"role": "main", "value": "H"}],
            "subjects": [{"name": "S"}], "places": [{"name": "P"}],
            "associations": [{"name": "featureimage", "uri": "http://x/p", "renditions": [{"name": "r", "href": "b.jpg", "contenttype": "image/png", "width": "20"}]}],
        }));
        assert_eq!(two.subject[0].name.as_str(), "S");
        assert_eq!(two.place[0].name.as_str(), "P");
        assert_eq!(
            two.associations[0].renditions[0].mimetype.as_str(),
            "image/png"
        );
        assert_eq!(two.associations[0].renditions[0].width, Pixels(Some(20)));
        let three = item(json!({
            "uri": "http://x/1", "versionCreated": "2020-01-01T00:00:00Z",
            "embargoedUntil": "2030-01-01T00:00:00Z", "pubStatus": "withheld",
            "bodies": [{"contentType": "text/html", "value": "<p>x</p>"}],
        }));
        assert_eq!(three.versioncreated.as_str(), "2020-01-01T00:00:00Z");
        assert_eq!(three.embargoed.as_str(), "2030-01-01T00:00:00Z");
        assert_eq!(three.pubstatus.as_str(), "withheld");
        assert_eq!(three.bodies[0].contenttype.as_str(), "text/html");
        let patterned = item(
            json!({"uri": "u", "body_richtext": "<p>x</p>", "body_main": "x", "body_empty": "", "urgency": 3}),
        );
        assert_eq!(
            patterned.texts("body_"),
            [("main", "x"), ("richtext", "<p>x</p>")]
        );
    }

    #[test]
    fn a_field_of_the_wrong_shape_is_an_error_that_names_it() {
        let e = serde_json::from_value::<Item>(json!({"headline": ["a"]}))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("expected text"), "{e}");
        let e = serde_json::from_value::<Item>(json!({"associations": {"x": {"headline": {}}}}))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("association “x”"), "{e}");
    }
}
