//! The API reference page (`/api/docs`): the OpenAPI document, read into what a person
//! looks for — each operation with its parameters and answers, then each shape.

use serde::Serialize;

#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiReferencePage {
    pub title: String,
    pub version: String,
    /// Sanitized HTML, from the document's Markdown.
    pub description_html: String,
    /// Where the machine-readable document is, for the page to link.
    pub document_url: String,
    pub groups: Vec<ApiGroup>,
    /// How requests authenticate, each scheme the operations name.
    pub security: Vec<ApiSecurity>,
    pub schemas: Vec<ApiSchema>,
}

/// A security scheme: its name, as operations name it, and how a request carries it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiSecurity {
    pub name: String,
    /// "`?key=` in the query", "`Authorization: Bearer …`".
    pub carried: String,
    /// Sanitized HTML, from the document's Markdown.
    pub description_html: String,
}

/// The operations of one tag (one door of the API).
#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiGroup {
    pub name: String,
    /// Sanitized HTML, from the document's Markdown.
    pub description_html: String,
    pub operations: Vec<ApiOperation>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiOperation {
    /// The operation id: the page's anchor for it.
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    /// Sanitized HTML, from the document's Markdown.
    pub description_html: String,
    /// How a request may authenticate ("none", "content_key"), empty when not said.
    pub security: Vec<String>,
    pub parameters: Vec<ApiParameter>,
    /// The body it reads, if any.
    pub request: Option<ApiRequest>,
    pub responses: Vec<ApiResponse>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiRequest {
    pub content_type: String,
    pub required: bool,
    pub body: ApiType,
    /// Sanitized HTML, from the document's Markdown.
    pub description_html: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiParameter {
    pub name: String,
    /// `path`, `query`, `header`.
    pub location: String,
    pub required: bool,
    pub kind: ApiType,
    /// Sanitized HTML, from the document's Markdown.
    pub description_html: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiResponse {
    pub status: String,
    /// Sanitized HTML, from the document's Markdown.
    pub description_html: String,
    pub content_type: String,
    pub body: Option<ApiType>,
}

/// A shape in words ("array of Post", "string (date-time)"), linking the named shape
/// it is made of, if any.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiType {
    pub text: String,
    /// The anchor of a named shape (`schema-Post`).
    pub link: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiSchema {
    pub name: String,
    /// `schema-NAME`.
    pub anchor: String,
    /// Sanitized HTML, from the document's Markdown.
    pub description_html: String,
    /// What it is when it is not an object with properties ("string (date-time)").
    pub kind: Option<ApiType>,
    pub properties: Vec<ApiProperty>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiProperty {
    pub name: String,
    pub required: bool,
    pub kind: ApiType,
    /// Sanitized HTML, from the document's Markdown.
    pub description_html: String,
}
