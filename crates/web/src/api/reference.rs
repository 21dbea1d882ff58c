//! Reads the OpenAPI document into the reference page's view struct. Each part is read as
//! the JSON it is served as (what a client sees, in the few JSON Schema forms the document
//! uses), in the order the document declares it.

use newsdesk_core::view::{
    ApiGroup, ApiOperation, ApiParameter, ApiProperty, ApiReferencePage, ApiRequest, ApiResponse,
    ApiSchema, ApiSecurity, ApiType,
};
use serde_json::Value;
use utoipa::openapi::{OpenApi, RefOr, Schema};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// The page for `document`.
pub(crate) fn page(document: &OpenApi) -> ApiReferencePage {
    let doc = serde_json::to_value(document).unwrap_or_default();
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let mut groups: Vec<ApiGroup> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| ApiGroup {
            name: text(&t["name"]),
            description_html: md(&t["description"]),
            operations: Vec::new(),
        })
        .collect();
    // From the typed document: JSON objects here keep their keys sorted, not declared.
    for (path, item) in &document.paths.paths {
        let item = serde_json::to_value(item).unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method).cloned() else {
                continue;
            };
            let tag = op["tags"][0].as_str().unwrap_or("Other");
            let group = match groups.iter().position(|g| g.name == tag) {
                Some(i) => &mut groups[i],
                None => {
                    groups.push(ApiGroup {
                        name: tag.to_owned(),
                        ..ApiGroup::default()
                    });
                    let last = groups.len() - 1;
                    &mut groups[last]
                }
            };
            group.operations.push(operation(method, path, &op));
        }
    }
    let schemas = document
        .components
        .iter()
        .flat_map(|c| &c.schemas)
        .map(|(name, s)| schema(name, s))
        .collect();
    let security = doc["components"]["securitySchemes"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, scheme)| ApiSecurity {
            name: name.clone(),
            carried: carried(scheme),
            description_html: md(&scheme["description"]),
        })
        .collect();
    ApiReferencePage {
        title: text(&doc["info"]["title"]),
        version: text(&doc["info"]["version"]),
        description_html: md(&doc["info"]["description"]),
        document_url: crate::route::API_OPENAPI.to_owned(),
        groups,
        security,
        schemas,
    }
}

/// How a request carries a security scheme: `?key=…`, `Authorization: Bearer …`.
fn carried(scheme: &Value) -> String {
    let name = scheme["name"].as_str().unwrap_or_default();
    match (scheme["type"].as_str(), scheme["in"].as_str()) {
        (Some("apiKey"), Some("query")) => format!("?{name}=…"),
        (Some("apiKey"), Some("cookie")) => format!("Cookie: {name}=…"),
        (Some("apiKey"), _) => format!("{name}: …"),
        (Some("http"), _) => {
            let scheme = scheme["scheme"].as_str().unwrap_or_default();
            let mut word = scheme.chars();
            let word: String = word
                .next()
                .map(|c| c.to_uppercase().chain(word).collect())
                .unwrap_or_default();
            format!("Authorization: {word} …")
        }
        (Some(other), _) => other.to_owned(),
        (None, _) => String::new(),
    }
}

fn operation(method: &str, path: &str, op: &Value) -> ApiOperation {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let parameters = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| ApiParameter {
            name: text(&p["name"]),
            location: text(&p["in"]),
            required: p["required"].as_bool().unwrap_or(false),
            kind: type_of(&p["schema"]),
            description_html: md(&p["description"]),
        })
        .collect();
    let responses = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, r)| {
            let content = r["content"].as_object().and_then(|c| c.iter().next());
            ApiResponse {
                status: status.clone(),
                description_html: md(&r["description"]),
                content_type: content.map(|(t, _)| t.clone()).unwrap_or_default(),
                body: content.map(|(_, c)| type_of(&c["schema"])),
            }
        })
        .collect();
    let request = op["requestBody"]["content"]
        .as_object()
        .and_then(|c| c.iter().next())
        .map(|(content_type, c)| ApiRequest {
            content_type: content_type.clone(),
            required: op["requestBody"]["required"].as_bool().unwrap_or(false),
            body: type_of(&c["schema"]),
            description_html: md(&op["requestBody"]["description"]),
        });
    let security = op["security"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|req| match req.as_object().and_then(|o| o.keys().next()) {
            Some(name) => name.clone(),
            None => "none".to_owned(),
        })
        .collect();
    ApiOperation {
        id: text(&op["operationId"]),
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        summary: text(&op["summary"]),
        description_html: md(&op["description"]),
        security,
        parameters,
        request,
        responses,
    }
}

fn schema(name: &str, typed: &RefOr<Schema>) -> ApiSchema {
    let s = serde_json::to_value(typed).unwrap_or_default();
    let required: Vec<&str> = s["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    // Declared order, from the typed schema.
    let names: Vec<String> = match typed {
        RefOr::T(Schema::Object(o)) => o.properties.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let properties: Vec<ApiProperty> = names
        .iter()
        .map(|p| {
            let v = &s["properties"][p];
            ApiProperty {
                name: p.clone(),
                required: required.contains(&p.as_str()),
                kind: type_of(v),
                description_html: newsdesk_render::markdown::to_safe_html(&description_of(v)),
            }
        })
        .collect();
    ApiSchema {
        name: name.to_owned(),
        anchor: anchor(name),
        description_html: md(&s["description"]),
        kind: properties.is_empty().then(|| type_of(&s)),
        properties,
    }
}

/// A description (Markdown, as OpenAPI has it) as sanitized HTML.
fn md(v: &Value) -> String {
    newsdesk_render::markdown::to_safe_html(v.as_str().unwrap_or_default())
}

fn anchor(name: &str) -> String {
    format!("schema-{name}")
}

/// A property's description: its own, else that of the one shape it is made of.
fn description_of(v: &Value) -> String {
    if let Some(d) = v["description"].as_str() {
        return d.to_owned();
    }
    v["oneOf"]
        .as_array()
        .into_iter()
        .flatten()
        .find_map(|s| s["description"].as_str())
        .unwrap_or_default()
        .to_owned()
}

/// A JSON Schema in words, with the link of the named shape it is made of.
fn type_of(s: &Value) -> ApiType {
    if let Some(r) = s["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or(r);
        return ApiType {
            text: name.to_owned(),
            link: Some(anchor(name)),
        };
    }
    if let Some(options) = s["oneOf"].as_array().or_else(|| s["anyOf"].as_array()) {
        let parts: Vec<ApiType> = options.iter().map(type_of).collect();
        return ApiType {
            text: parts
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" or "),
            link: parts.into_iter().find_map(|p| p.link),
        };
    }
    if let Some(values) = s["enum"].as_array() {
        let words: Vec<String> = values.iter().map(Value::to_string).collect();
        return ApiType {
            text: format!("one of {}", words.join(", ")),
            link: None,
        };
    }
    // `type` is a name, or a list of them such as `["string", "null"]`.
    let types: Vec<&str> = match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let mut link = None;
    let words: Vec<String> = types
        .iter()
        .map(|t| match *t {
            "array" => {
                let item = type_of(&s["items"]);
                link = item.link;
                format!("array of {}", item.text)
            }
            "string" | "integer" | "number" => match s["format"].as_str() {
                Some(f) => format!("{t} ({f})"),
                None => (*t).to_owned(),
            },
            other => other.to_owned(),
        })
        .collect();
    ApiType {
        text: if words.is_empty() {
            "any".to_owned()
        } else {
            words.join(" or ")
        },
        link,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_lists_every_operation_of_the_document_and_its_shapes() {
        let json = super::super::openapi::document_json();
        let doc: Value = serde_json::from_str(json).unwrap_or_default();
        let page = page(&super::super::openapi::document());
        let operations: usize = page.groups.iter().map(|g| g.operations.len()).sum();
        let in_document: usize = doc["paths"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.values())
            .map(|item| METHODS.iter().filter(|m| item.get(**m).is_some()).count())
            .sum();
        assert!(operations >= 65, "{operations}");
        assert_eq!(operations, in_document);
        let admin = page.groups.iter().find(|g| g.name == "Admin API");
        assert_eq!(admin.map(|g| g.operations.len()), Some(38));
        assert!(
            page.security
                .iter()
                .any(|s| s.name == "admin_token" && s.carried == "Authorization: Bearer …")
        );
        let upload = admin
            .into_iter()
            .flat_map(|g| &g.operations)
            .find(|o| o.id == "admin_upload_picture")
            .and_then(|o| o.request.as_ref());
        assert_eq!(
            upload.map(|r| r.content_type.as_str()),
            Some("multipart/form-data")
        );
        assert!(page.schemas.iter().any(|s| s.name == "Post"));
        assert!(page.schemas.iter().any(|s| s.name == "ErrorBody"));
        // Stories first, as declared; a story's properties in the order of its struct.
        assert_eq!(page.groups[0].operations[0].path, "/api/content/v1/posts/");
        let post = page.schemas.iter().find(|s| s.name == "Post");
        let first = post
            .and_then(|p| p.properties.first())
            .map(|p| p.name.as_str());
        assert_eq!(first, Some("id"));
    }

    #[test]
    fn types_read_as_words() {
        let t = type_of(
            &serde_json::json!({"type": ["array", "null"], "items": {"$ref": "#/components/schemas/Tag"}}),
        );
        assert_eq!(t.text, "array of Tag or null");
        assert_eq!(t.link.as_deref(), Some("schema-Tag"));
        let t = type_of(&serde_json::json!({"type": "string", "format": "date-time"}));
        assert_eq!(t.text, "string (date-time)");
    }
}
