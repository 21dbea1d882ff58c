//! The Admin API's stories, pictures and standalone pages, for the document.

use super::super::AdminErrorBody;
use super::super::pages::PageBody;
use super::super::pictures::{PictureUpload, WordsBody};
use super::super::shapes::{OnePage, OnePicture, OneStory, Pages, Stories, Versions};
use super::super::stories::{CorrectionIn, ListParams, StoryBody};
use super::TAG;
use crate::route;

// Stories.

operation!(
    admin_list_stories,
    get,
    path = route::ADMIN_STORIES,
    summary = "Stories in every state but the trash, last saved first",
    params(ListParams),
    responses(
        (
            status = 200,
            description = "A page of the desk's list.",
            body = Stories
        ),
        (
            status = 422,
            description = "`state`, `page` or `limit` out of range (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_create_story,
    post,
    path = route::ADMIN_STORIES,
    summary = "A new draft",
    description = "With a `step` other than `save` (`publish`, say), the step is taken on the new draft at once.",
    request_body(
        content = StoryBody,
        description = "The story; a headline and a section at least."
    ),
    responses(
        (
            status = 201,
            description = "The new story.",
            body = OneStory,
            headers((
                "Location" = String,
                description = "The story's address in the Admin API."
            ))
        ),
        (
            status = 404,
            description = "Something the story names does not exist (`not_found`).",
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
    admin_story,
    get,
    path = route::ADMIN_STORY,
    summary = "One story, whole",
    params(("id" = i64, Path, description = "The story's id.")),
    responses(
        (status = 200, description = "The story.", body = OneStory),
        (
            status = 404,
            description = "No such story, or it is in the trash (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_update_story,
    patch,
    path = route::ADMIN_STORY,
    summary = "Change a story, and take a workflow step",
    description = "The fields sent change, the rest stay. `version` is required: a change based on a version that is no longer current answers 409 with `current_version`, and nothing is saved.",
    params(("id" = i64, Path, description = "The story's id.")),
    request_body(
        content = StoryBody,
        description = "The fields to change, `version` and the `step`."
    ),
    responses(
        (
            status = 200,
            description = "The story as saved.",
            body = OneStory
        ),
        (
            status = 404,
            description = "No such story (`not_found`).",
            body = AdminErrorBody
        ),
        (
            status = 409,
            description = "Changed meanwhile (`version_conflict`, with `current_version`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description = "A field or step cannot be taken as sent, or `version` is missing (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_trash_story,
    delete,
    path = route::ADMIN_STORY,
    summary = "Into the trash, restorable for 30 days",
    params(("id" = i64, Path, description = "The story's id.")),
    responses(
        (status = 204, description = "In the trash."),
        (
            status = 404,
            description = "No such story (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_correct_story,
    post,
    path = route::ADMIN_STORY_CORRECTIONS,
    summary = "A dated correction or update on a published story",
    params(("id" = i64, Path, description = "The story's id.")),
    request_body(content = CorrectionIn),
    responses(
        (
            status = 201,
            description = "The story, with the note.",
            body = OneStory
        ),
        (
            status = 404,
            description = "No such story (`not_found`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description =
                "Not published, or the note cannot be added as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_restore_story,
    post,
    path = route::ADMIN_STORY_RESTORE,
    summary = "Out of the trash, as a draft",
    params(("id" = i64, Path, description = "The story's id.")),
    responses(
        (
            status = 200,
            description = "The story, restored.",
            body = OneStory
        ),
        (
            status = 404,
            description = "No such story in the trash (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_versions,
    get,
    path = route::ADMIN_STORY_VERSIONS,
    summary = "Every saved version of a story, newest first",
    params(("id" = i64, Path, description = "The story's id.")),
    responses(
        (status = 200, description = "The versions.", body = Versions),
        (
            status = 404,
            description = "No such story (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_restore_version,
    post,
    path = route::ADMIN_STORY_VERSION_RESTORE,
    summary = "An old version's content saved again as the newest",
    description = "Restoring is itself a save: nothing is lost.",
    params(
        ("id" = i64, Path, description = "The story's id."),
        (
            "version" = i64,
            Path,
            description = "The version to restore."
        ),
    ),
    responses(
        (
            status = 200,
            description = "The story as saved.",
            body = OneStory
        ),
        (
            status = 404,
            description = "No such story or version (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);

// Pictures.

operation!(
    admin_upload_picture,
    post,
    path = route::ADMIN_PICTURES,
    summary = "Upload a picture",
    description = "The desk's pipeline: checked, renditions made, empty words filled from the photo's IPTC/XMP. The same pixels uploaded again answer the picture already stored.",
    request_body(
        content = PictureUpload,
        content_type = "multipart/form-data"
    ),
    responses(
        (
            status = 201,
            description = "The picture.",
            body = OnePicture,
            headers((
                "Location" = String,
                description = "The picture's address in the Admin API."
            ))
        ),
        (
            status = 413,
            description = "Larger than `upload_max_bytes` (`picture_too_large`).",
            body = AdminErrorBody
        ),
        (
            status = 415,
            description = "Not a JPEG, PNG, WebP or GIF (`picture_unsupported`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description = "No `file`, an unknown part, or a picture that cannot be read (`invalid`, `picture_unreadable`; `field` is `file`).",
            body = AdminErrorBody
        ),
        (
            status = 507,
            description = "The picture could not be stored (`storage_unavailable`); try again.",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_picture,
    get,
    path = route::ADMIN_PICTURE,
    summary = "One picture, with its renditions",
    params(("id" = i64, Path, description = "The picture's id.")),
    responses(
        (
            status = 200,
            description = "The picture.",
            body = OnePicture
        ),
        (
            status = 404,
            description = "No such picture (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_update_picture,
    patch,
    path = route::ADMIN_PICTURE,
    summary = "Change a picture's words",
    params(("id" = i64, Path, description = "The picture's id.")),
    request_body(content = WordsBody),
    responses(
        (
            status = 200,
            description = "The picture as saved.",
            body = OnePicture
        ),
        (
            status = 404,
            description = "No such picture (`not_found`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description = "A word cannot be saved as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);

// Standalone pages.

operation!(
    admin_list_pages,
    get,
    path = route::ADMIN_PAGES,
    summary = "Every standalone page, drafts too",
    responses((status = 200, description = "The pages.", body = Pages)),
);
operation!(
    admin_create_page,
    post,
    path = route::ADMIN_PAGES,
    summary = "A new page",
    description = "A draft unless `\"published\": true`.",
    request_body(content = PageBody),
    responses(
        (status = 201, description = "The page.", body = OnePage),
        (
            status = 422,
            description = "A field cannot be saved as sent (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_page,
    get,
    path = route::ADMIN_PAGE,
    summary = "One page",
    params(("id" = i64, Path, description = "The page's id.")),
    responses(
        (status = 200, description = "The page.", body = OnePage),
        (
            status = 404,
            description = "No such page (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_change_page,
    patch,
    path = route::ADMIN_PAGE,
    summary = "Change a page",
    description = "`version` is required: a change based on a version that is no longer current answers 409 with `current_version`, and nothing is saved.",
    params(("id" = i64, Path, description = "The page's id.")),
    request_body(content = PageBody),
    responses(
        (
            status = 200,
            description = "The page as saved.",
            body = OnePage
        ),
        (
            status = 404,
            description = "No such page (`not_found`).",
            body = AdminErrorBody
        ),
        (
            status = 409,
            description = "Changed meanwhile (`version_conflict`, with `current_version`).",
            body = AdminErrorBody
        ),
        (
            status = 422,
            description = "A field cannot be saved as sent, or `version` is missing (`invalid`, with `field`).",
            body = AdminErrorBody
        ),
    ),
);
operation!(
    admin_delete_page,
    delete,
    path = route::ADMIN_PAGE,
    summary = "Delete a page for good, with its versions",
    params(("id" = i64, Path, description = "The page's id.")),
    responses(
        (status = 204, description = "Deleted."),
        (
            status = 404,
            description = "No such page (`not_found`).",
            body = AdminErrorBody
        ),
    ),
);
