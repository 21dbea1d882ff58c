//! The Admin API's sections, topics, authors, settings and logins, for the document.

use super::super::AdminErrorBody;
use super::super::people::{ChangeBody, NewUserBody};
use super::super::shapes::{
    Authors, OneAuthor, OneSection, OneSettings, OneTopic, OneUser, Sections, Topics, Users,
};
use super::super::structure::{
    AuthorBody, DeleteQuery, MergeIn, SectionBody, SettingsBody, TopicBody, TopicQuery,
};
use super::TAG;
use crate::route;

// Sections, topics, authors and settings.

operation!(
    admin_list_sections,
    get,
    path = route::ADMIN_SECTIONS,
    summary = "Every section, hidden ones too",
    responses((status = 200, description = "The sections.", body = Sections)),
);
operation!(
    admin_add_section,
    post,
    path = route::ADMIN_SECTIONS,
    summary = "A new section",
    request_body(content = SectionBody),
    responses(
        (
            status = 201,
            description = "The section.",
            body = OneSection
        ),
        (
            status = 422,
            description = "A field cannot be saved as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_section,
    get,
    path = route::ADMIN_SECTION,
    summary = "One section",
    params(("id" = i64, Path, description = "The section's id.")),
    responses(
        (
            status = 200,
            description = "The section.",
            body = OneSection
        ),
        (
            status = 404,
            description = "No such section (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_change_section,
    patch,
    path = route::ADMIN_SECTION,
    summary = "Change a section",
    params(("id" = i64, Path, description = "The section's id.")),
    request_body(content = SectionBody),
    responses(
        (
            status = 200,
            description = "The section as saved.",
            body = OneSection
        ),
        (
            status = 404,
            description = "No such section (`not_found`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description = "A field cannot be saved as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_delete_section,
    delete,
    path = route::ADMIN_SECTION,
    summary = "Delete a section, moving its stories",
    params(
        ("id" = i64, Path, description = "The section's id."),
        DeleteQuery
    ),
    responses(
        (
            status = 204,
            description = "Deleted; its stories are in `move_to`."
        ),
        (
            status = 404,
            description = "No such section (`not_found`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description = "It has stories and `move_to` names no other section, or it is the last one (`invalid`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_list_topics,
    get,
    path = route::ADMIN_TOPICS,
    summary = "Topics by name, a page at a time",
    params(TopicQuery),
    responses(
        (
            status = 200,
            description = "A page of topics.",
            body = Topics
        ),
        (
            status = 422,
            description = "`page` or `limit` out of range (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_add_topic,
    post,
    path = route::ADMIN_TOPICS,
    summary = "A new topic",
    request_body(content = TopicBody),
    responses(
        (status = 201, description = "The topic.", body = OneTopic),
        (
            status = 422,
            description = "A field cannot be saved as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_topic,
    get,
    path = route::ADMIN_TOPIC,
    summary = "One topic",
    params(("id" = i64, Path, description = "The topic's id.")),
    responses(
        (status = 200, description = "The topic.", body = OneTopic),
        (
            status = 404,
            description = "No such topic (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_change_topic,
    patch,
    path = route::ADMIN_TOPIC,
    summary = "Change a topic",
    params(("id" = i64, Path, description = "The topic's id.")),
    request_body(content = TopicBody),
    responses(
        (
            status = 200,
            description = "The topic as saved.",
            body = OneTopic
        ),
        (
            status = 404,
            description = "No such topic (`not_found`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description = "A field cannot be saved as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_delete_topic,
    delete,
    path = route::ADMIN_TOPIC,
    summary = "Delete a topic; its stories lose it",
    params(("id" = i64, Path, description = "The topic's id.")),
    responses(
        (status = 204, description = "Deleted."),
        (
            status = 404,
            description = "No such topic (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_merge_topic,
    post,
    path = route::ADMIN_TOPIC_MERGE,
    summary = "Merge a topic into another",
    description = "Its stories move to the other topic, and its old address leads there.",
    params(("id" = i64, Path, description = "The topic that goes.")),
    request_body(
        content = MergeIn,
        description = "The topic kept, by name or address."
    ),
    responses(
        (
            status = 200,
            description = "The topic kept.",
            body = OneTopic
        ),
        (
            status = 404,
            description = "No such topic (`not_found`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description = "`into` names no other topic (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_list_authors,
    get,
    path = route::ADMIN_AUTHORS,
    summary = "Every author profile",
    responses((status = 200, description = "The authors.", body = Authors)),
);
operation!(
    admin_add_author,
    post,
    path = route::ADMIN_AUTHORS,
    summary = "A new author profile",
    request_body(content = AuthorBody),
    responses(
        (status = 201, description = "The author.", body = OneAuthor),
        (
            status = 422,
            description = "A field cannot be saved as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_author,
    get,
    path = route::ADMIN_AUTHOR,
    summary = "One author profile",
    params(("id" = i64, Path, description = "The author's id.")),
    responses(
        (status = 200, description = "The author.", body = OneAuthor),
        (
            status = 404,
            description = "No such author (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_change_author,
    patch,
    path = route::ADMIN_AUTHOR,
    summary = "Change an author profile",
    params(("id" = i64, Path, description = "The author's id.")),
    request_body(content = AuthorBody),
    responses(
        (
            status = 200,
            description = "The author as saved.",
            body = OneAuthor
        ),
        (
            status = 404,
            description = "No such author (`not_found`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description = "A field cannot be saved as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_settings,
    get,
    path = route::ADMIN_SETTINGS,
    summary = "The site's settings",
    responses((
        status = 200,
        description = "The settings.",
        body = OneSettings
    )),
);
operation!(
    admin_change_settings,
    patch,
    path = route::ADMIN_SETTINGS,
    summary = "Change the site's settings",
    description = "Every page shows the change at once.",
    request_body(content = SettingsBody),
    responses(
        (
            status = 200,
            description = "The settings as saved.",
            body = OneSettings
        ),
        (
            status = 422,
            description = "A setting cannot be saved as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);

// Logins.

operation!(
    admin_list_users,
    get,
    path = route::ADMIN_USERS,
    summary = "Every login (administrators' tokens with the `users` scope)",
    responses((status = 200, description = "The logins.", body = Users)),
);
operation!(
    admin_add_user,
    post,
    path = route::ADMIN_USERS,
    summary = "A new login",
    request_body(content = NewUserBody),
    responses(
        (status = 201, description = "The login.", body = OneUser),
        (
            status = 422,
            description = "A field cannot be saved as sent: an address already in use, a weak password, an unknown role (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_change_user,
    patch,
    path = route::ADMIN_USER,
    summary = "Change a login's role, byline, disabled state or password",
    description = "What is sent changes. Nobody changes their own role or disables themselves.",
    params(("id" = i64, Path, description = "The login's id.")),
    request_body(content = ChangeBody),
    responses(
        (
            status = 200,
            description = "The login as saved.",
            body = OneUser
        ),
        (
            status = 404,
            description = "No such login (`not_found`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description = "A change cannot be made as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
