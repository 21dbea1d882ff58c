//! What both doors' answers share: times, paging, counts, and the envelopes that wrap the
//! items (`{"posts": [...], "meta": {"pagination": ...}}`). Each is a typed struct that
//! both writes the answer and describes it in the OpenAPI document, so the two cannot
//! drift apart.

use serde::{Serialize, Serializer};
use serde_json::Value;
use utoipa::ToSchema;

/// A time as Ghost writes it: ISO 8601 in UTC, with milliseconds
/// (`2026-11-25T09:14:00.000Z`). Stored as Unix seconds.
#[derive(Clone, Copy, Debug, ToSchema)]
#[schema(value_type = String, format = DateTime, example = "2026-11-25T09:14:00.000Z")]
pub(crate) struct Time(pub(crate) i64);

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A time outside jiff's range cannot come from the desk; were one stored, it is
        // written as the nearest time there is rather than as something not a time.
        let t = jiff::Timestamp::from_second(self.0).unwrap_or(if self.0 < 0 {
            jiff::Timestamp::MIN
        } else {
            jiff::Timestamp::MAX
        });
        s.collect_str(&t.strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    }
}

/// How many public stories an item has (`include=count.posts`).
#[derive(Clone, Serialize, ToSchema)]
pub(crate) struct Count {
    #[schema(minimum = 0)]
    pub(crate) posts: i64,
}

/// `count` when asked for, else absent.
pub(crate) fn count(n: Option<i64>) -> Option<Count> {
    n.map(|posts| Count { posts })
}

/// A list's `meta`.
#[derive(Serialize, ToSchema)]
pub(crate) struct Meta {
    pub(crate) pagination: Pagination,
}

/// Ghost's paging: where this page is, and the pages beside it (`null` at either end).
#[derive(Serialize, ToSchema)]
pub(crate) struct Pagination {
    #[schema(minimum = 1)]
    pub(crate) page: u64,
    #[schema(minimum = 1, maximum = 100)]
    pub(crate) limit: u32,
    #[schema(minimum = 1)]
    pub(crate) pages: u64,
    pub(crate) total: u64,
    #[schema(required = true, minimum = 2)]
    pub(crate) next: Option<u64>,
    #[schema(required = true, minimum = 1)]
    pub(crate) prev: Option<u64>,
}

/// The settings' `meta`: always empty, kept for Ghost's client.
#[derive(Serialize, ToSchema)]
pub(crate) struct EmptyMeta {}

/// An envelope: the items under the resource's name, and `meta` for a list. The items
/// are JSON already, `fields=` applied; the schema names the item type they came from.
macro_rules! envelope {
    ($doc:literal $name:ident { $key:ident: $item:ident }) => {
        #[doc = $doc]
        #[derive(serde::Serialize, utoipa::ToSchema)]
        pub(crate) struct $name {
            #[schema(value_type = Vec<$item>)]
            pub(crate) $key: Vec<serde_json::Value>,
            /// Paging: present on a list, absent when one item was asked for by id or slug.
            #[serde(skip_serializing_if = "Option::is_none")]
            #[schema(value_type = crate::api::shapes::Meta)]
            pub(crate) meta: Option<crate::api::shapes::Meta>,
        }
    };
}
pub(crate) use envelope;

/// Turns typed items into the JSON an answer holds, keeping only the `fields=` asked for.
pub(crate) fn select<T: Serialize>(
    items: impl IntoIterator<Item = T>,
    keep: impl Fn(Value) -> Value,
) -> Result<Vec<Value>, serde_json::Error> {
    items
        .into_iter()
        .map(|item| serde_json::to_value(item).map(&keep))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_ghost_writes_them() {
        let t = serde_json::to_value(Time(1_795_000_000)).ok();
        assert_eq!(t, Some(Value::from("2026-11-18T11:06:40.000Z")));
        let far = serde_json::to_value(Time(i64::MAX)).ok();
        assert!(far.is_some_and(|v| v.is_string()));
    }
}
