//! Sample pages for the start-up check: every optional part present once, and absent
//! once, so a theme override that names a missing template, filter or macro fails at
//! start-up rather than on a reader's request.

use super::{RenderError, Templates};
use newsdesk_core::view::*;
use newsdesk_core::{ArticleFlags, CacheKey};

/// Renders every page template with the sample pages.
pub(super) fn check_renders(t: &Templates) -> Result<(), RenderError> {
    let site = site();
    let viewer = DeskViewer {
        name: "Sample Person".into(),
        email: "sample@example.com".into(),
        role: newsdesk_core::Role::Admin,
        csrf_token: "x".into(),
    };
    let article = article();
    t.article_page(&site, &article)?;
    t.article_page(&site, &bare_article())?;
    for page in [1, 2] {
        t.home_page(&site, &home(page))?;
        for list in lists(page) {
            t.list_page(&site, &list)?;
        }
    }
    t.home_page(&site, &empty_home())?;
    t.not_found(&site)?;
    t.render("server_error.html", &site, (), "", &site.base_url)?;
    for desk in [false, true] {
        t.problem(
            &site,
            &ProblemPage {
                status: 413,
                title: "Form too large".into(),
                message: "x".into(),
                desk,
            },
        )?;
    }
    t.desk_sign_in(
        &site,
        &SignInPage {
            setup: true,
            error: Some("x".into()),
            email: "a@b.c".into(),
            name: "Ada".into(),
        },
    )?;
    for preview in [true, false] {
        t.standalone_page(
            &site,
            &StandalonePage {
                id: 1,
                title: "About us".into(),
                body_html: "<p>We report.</p>".into(),
                url: "/about".into(),
                seo_title: String::new(),
                seo_description: String::new(),
                updated_at: article.first_published_at,
                preview,
            },
        )?;
    }
    t.desk_pages(
        &site,
        &viewer,
        &DeskPages {
            role: newsdesk_core::Role::Editor,
            pages: vec![DeskPageLine {
                id: 1,
                title: "About us".into(),
                url: "/about".into(),
                published: true,
                purpose: "About the newsroom",
                in_footer: true,
                updated_at: article.first_published_at,
            }],
            message: Some("x".into()),
        },
    )?;
    for id in [None, Some(1)] {
        t.desk_page(
            &site,
            &viewer,
            &PageEditor {
                role: newsdesk_core::Role::Editor,
                csrf_token: "token".into(),
                id,
                version: 2,
                title: "About us".into(),
                slug: "about".into(),
                body: "We report.".into(),
                published: id.is_some(),
                purpose: "about".into(),
                purposes: vec![Choice {
                    value: "about".into(),
                    label: "About the newsroom".into(),
                    selected: true,
                }],
                in_footer: true,
                footer_position: 1,
                seo_title: String::new(),
                seo_description: String::new(),
                public_url: id.map(|_| "/about".into()),
                revisions: vec![RevisionLine {
                    version: 1,
                    saved_by: "Ada".into(),
                    saved_at: article.first_published_at,
                    headline: "About".into(),
                    current: false,
                }],
                error: Some("x".into()),
                message: Some("y".into()),
            },
        )?;
    }
    for setup in [true, false] {
        t.desk_settings(
            &site,
            &viewer,
            &SettingsPage {
                csrf_token: "token".into(),
                setup,
                settings: newsdesk_core::SiteSettings::default(),
                footer_links_text: "About | /about".into(),
                social_profiles_text: "https://social.example/@news".into(),
                sections_text: "News\nSport".into(),
                pictures: Vec::new(),
                time_zones: vec!["UTC"],
                error: Some("x".into()),
                message: Some("y".into()),
            },
        )?;
    }
    t.desk_sign_in(&site, &SignInPage::default())?;
    let desk = DeskHome {
        role: newsdesk_core::Role::Editor,
        csrf_token: "token".into(),
        needs: "sections".into(),
        stories: vec![DeskStory {
            id: 1,
            headline: article.headline.clone(),
            state: newsdesk_core::State::Published,
            section: article.section.name.clone(),
            authors: "Ada".into(),
            updated_at: article.first_published_at,
            scheduled_for: None,
            published_at: Some(article.first_published_at),
            public_url: Some(article.url.clone()),
            editing: Some("Aisha".into()),
        }],
        view: "published".into(),
        views: vec![DeskTab {
            key: "published".into(),
            label: "Published".into(),
            count: "1".into(),
            url: "/admin/?view=published".into(),
        }],
        sort: "published".into(),
        sorts: vec![Choice {
            value: "published".into(),
            label: "Last published".into(),
            selected: true,
        }],
        filter_state: "published".into(),
        filter_section: 1,
        filter_author: 0,
        query: "flood".into(),
        sections: site.sections.clone(),
        authors: vec![Choice {
            value: "1".into(),
            label: "Ada".into(),
            selected: true,
        }],
        paging: Paging {
            page: 2,
            prev_url: Some("/admin/".into()),
            next_url: Some("/admin/?page=3".into()),
        },
        message: Some("Moved to the trash.".into()),
    };
    t.desk_home(&site, &viewer, &desk)?;
    t.desk_home(
        &site,
        &viewer,
        &DeskHome {
            stories: Vec::new(),
            ..desk
        },
    )?;
    let editor = StoryEditor {
        id: Some(1),
        version: 2,
        csrf_token: "token".into(),
        headline: article.headline.clone(),
        standfirst: article.standfirst.clone(),
        body_markdown: "Body.".into(),
        slug: "a-story".into(),
        section_id: article.section.id,
        sections: site.sections.clone(),
        tags: vec![Choice {
            value: "1".into(),
            label: "Iraq".into(),
            selected: true,
        }],
        authors: vec![Choice {
            value: "1".into(),
            label: "Ada".into(),
            selected: false,
        }],
        flags: vec![Choice {
            value: "breaking".into(),
            label: "Breaking".into(),
            selected: false,
        }],
        state: newsdesk_core::State::Draft,
        saved_at: Some(1_700_000_000),
        public_url: None,
        actions: vec![
            "save".into(),
            "submit".into(),
            "publish".into(),
            "schedule".into(),
        ],
        can_correct: true,
        preview_url: Some("http://x/preview/abc".into()),
        scheduled_for: "2026-11-25T18:30".into(),
        embargo_until: String::new(),
        seo_title: "SEO title".into(),
        seo_description: String::new(),
        lead_media_id: Some(7),
        lead: Some(media_card()),
        lead_choices: vec![media_card()],
        can_upload: true,
        notes: vec![NoteLine {
            id: 1,
            who: "Ada".into(),
            at: article.first_published_at,
            paragraph: Some(2),
            body: "Check the figure.".into(),
        }],
        can_trash: true,
        message: Some("Saved.".into()),
        conflict: Some(ConflictView {
            version: 3,
            headline: "Theirs".into(),
            standfirst: String::new(),
            body_markdown: "Their body.".into(),
        }),
        presence: Some(Presence {
            name: "Aisha".into(),
            since: article.first_published_at,
            since_clock: "10:42".into(),
        }),
    };
    t.desk_story(&site, &viewer, &editor)?;
    let history = RevisionsPage {
        id: 1,
        headline: "A story".into(),
        csrf_token: "token".into(),
        revisions: vec![RevisionLine {
            version: 1,
            saved_by: "Ada".into(),
            saved_at: article.first_published_at,
            headline: "A story".into(),
            current: false,
        }],
        compared: Some((1, 2)),
        fields: vec![FieldDiff {
            field: "Body".into(),
            changed: true,
            parts: vec![
                DiffPart {
                    kind: "del",
                    text: "old".into(),
                },
                DiffPart {
                    kind: "ins",
                    text: "new".into(),
                },
            ],
        }],
        can_restore: true,
    };
    t.desk_revisions(&site, &viewer, &history)?;
    let line = AuditLine {
        at: article.first_published_at,
        who: "Ada".into(),
        action: "article.publish".into(),
        object: "article:1".into(),
        detail: String::new(),
    };
    t.desk_audit(&site, &viewer, &[line])?;
    t.desk_audit(&site, &viewer, &[])?;
    t.desk_story(
        &site,
        &viewer,
        &StoryEditor {
            id: None,
            conflict: None,
            message: None,
            lead_media_id: None,
            lead: None,
            lead_choices: Vec::new(),
            notes: Vec::new(),
            presence: None,
            ..editor
        },
    )?;
    let library = MediaLibraryPage {
        csrf_token: "token".into(),
        query: "flood".into(),
        items: vec![media_card()],
        paging: Paging {
            page: 2,
            prev_url: Some("/admin/media".into()),
            next_url: Some("/admin/media?page=3".into()),
        },
        message: Some("Uploaded.".into()),
        max_upload_mb: 40,
    };
    t.desk_media(&site, &viewer, &library)?;
    t.desk_media(
        &site,
        &viewer,
        &MediaLibraryPage {
            items: Vec::new(),
            message: None,
            ..library
        },
    )?;
    let picture = article.lead.clone().unwrap_or_else(picture);
    let detail = MediaDetailPage {
        csrf_token: "token".into(),
        card: media_card(),
        width: 4000,
        height: 3000,
        copyright: "© Ada".into(),
        focal_x: "0.3".into(),
        focal_y: "0.45".into(),
        picture,
        files: vec![("640 × 427 WebP".into(), "/media/a-640.webp".into())],
        uses: vec![MediaUseLine {
            id: 1,
            headline: "A story".into(),
            state: newsdesk_core::State::Published,
            lead: true,
        }],
        can_edit: true,
        message: Some("Saved.".into()),
    };
    t.desk_media_item(&site, &viewer, &detail)?;
    t.desk_media_item(
        &site,
        &viewer,
        &MediaDetailPage {
            uses: Vec::new(),
            can_edit: false,
            message: None,
            ..detail
        },
    )?;
    let trash = TrashPage {
        csrf_token: "token".into(),
        stories: vec![TrashLine {
            id: 1,
            headline: "A story".into(),
            deleted_at: article.first_published_at,
            deleted_by: "Ada".into(),
            purge_at: article.first_published_at + 30 * 86_400,
        }],
        can_delete_forever: true,
        message: Some("Restored.".into()),
    };
    t.desk_trash(&site, &viewer, &trash)?;
    t.desk_trash(
        &site,
        &viewer,
        &TrashPage {
            stories: Vec::new(),
            can_delete_forever: false,
            message: None,
            ..trash
        },
    )?;
    let people = PeoplePage {
        csrf_token: "token".into(),
        people: vec![PersonLine {
            id: 1,
            email: "ada@example.com".into(),
            name: "Ada".into(),
            role: newsdesk_core::Role::Admin,
            disabled: false,
            author_id: Some(1),
            is_self: true,
        }],
        authors: vec![Choice {
            value: "1".into(),
            label: "Ada Lovelace".into(),
            selected: false,
        }],
        message: Some("Saved.".into()),
    };
    t.desk_people(&site, &viewer, &people)?;
    let account = AccountPage {
        csrf_token: "token".into(),
        email: "ada@example.com".into(),
        name: "Ada".into(),
        role: newsdesk_core::Role::Editor,
        message: None,
    };
    t.desk_account(&site, &viewer, &account)?;
    for kind in ["sections", "topics", "authors"] {
        let line = StructureLine {
            id: 1,
            name: "News".into(),
            slug: "news".into(),
            url: "/news/".into(),
            stories: 3,
            hidden: true,
            position: 0,
            note: "Reporter".into(),
        };
        let list = StructureListPage {
            kind,
            role: newsdesk_core::Role::Editor,
            csrf_token: "token".into(),
            lines: vec![line.clone(), line],
            query: "ne".into(),
            paging: paging(2),
            form: StructureForm::default(),
            message: Some("Saved.".into()),
        };
        t.desk_structure_list(&site, &viewer, &list)?;
        t.desk_structure_list(
            &site,
            &viewer,
            &StructureListPage {
                lines: Vec::new(),
                ..list
            },
        )?;
        let item = StructureEditPage {
            kind,
            role: newsdesk_core::Role::Admin,
            id: 1,
            csrf_token: "token".into(),
            form: StructureForm {
                name: "News".into(),
                photo: "1".into(),
                login_id: 1,
                ..StructureForm::default()
            },
            url: "/news/".into(),
            stories: 1,
            old_slugs: vec!["old-news".into()],
            move_to: vec![Choice {
                value: "2".into(),
                label: "World".into(),
                selected: false,
            }],
            photos: vec![media_card()],
            photo: Some(media_card()),
            logins: vec![Choice {
                value: "1".into(),
                label: "ada@example.com".into(),
                selected: true,
            }],
            can_link_login: kind == "authors",
            message: None,
        };
        t.desk_structure_item(&site, &viewer, &item)?;
        t.desk_structure_item(
            &site,
            &viewer,
            &StructureEditPage {
                stories: 0,
                photo: None,
                can_link_login: false,
                ..item
            },
        )?;
    }
    webhooks(t, &site, &viewer)?;
    t.api_reference(&site, &ApiReferencePage::default())?;
    t.api_reference(&site, &api_reference())?;
    let hit = SearchHit {
        teaser: article
            .rail
            .first()
            .cloned()
            .unwrap_or_else(|| teaser(9, false)),
        snippet_html: "A <b>storm</b> passage.".into(),
    };
    let search = SearchPage {
        query: "storm".into(),
        sort: "relevance".into(),
        section: "news".into(),
        from: "2026-01-01".into(),
        to: String::new(),
        tag: "floods".into(),
        author: String::new(),
        filters: vec![SearchFilter {
            label: "Section: News".into(),
            remove_url: "/search?q=storm".into(),
        }],
        sections: site.sections.clone(),
        total: 41,
        hits: vec![hit],
        fuzzy: true,
        other_sort_url: "/search?q=storm&sort=date".into(),
        paging: Paging {
            page: 2,
            prev_url: Some("/search?q=storm".into()),
            next_url: Some("/search?q=storm&page=3".into()),
        },
        notice: Some("“x” is not a date.".into()),
    };
    t.search_page(&site, &search)?;
    t.search_page(
        &site,
        &SearchPage {
            query: String::new(),
            total: 0,
            hits: Vec::new(),
            filters: Vec::new(),
            notice: None,
            ..search
        },
    )?;
    Ok(())
}

pub fn site() -> Site {
    Site {
        name: "Specimen".into(),
        tagline: "Specimen pages".into(),
        base_url: "https://example.com".into(),
        sections: vec![section()],
        time_zone: "UTC".into(),
        ..Site::default()
    }
}

fn section() -> SectionLink {
    SectionLink {
        id: 1,
        slug: "news".into(),
        name: "News".into(),
        url: "/news/".into(),
    }
}

pub fn media_card() -> MediaCard {
    MediaCard {
        id: 7,
        thumb: "/media/a-320.jpg".into(),
        width: 320,
        height: 213,
        alt: "Alt".into(),
        caption: "Caption".into(),
        credit: "Credit".into(),
        copyright: "© Agency".into(),
        original_name: "IMG_0001.jpg".into(),
        created_at: 1_700_000_000,
    }
}

pub fn picture() -> Picture {
    Picture {
        src: "/media/a-640.jpg".into(),
        srcset: "/media/a-320.jpg 320w, /media/a-640.jpg 640w".into(),
        webp_srcset: "/media/a-320.webp 320w, /media/a-640.webp 640w".into(),
        width: 640,
        height: 427,
        alt: "Alt".into(),
        caption: "Caption".into(),
        credit: "Credit".into(),
        // Off centre, so every template that crops shows its classes.
        focal: Some([30, 45]),
    }
}

fn all_flags() -> ArticleFlags {
    ArticleFlags {
        breaking: true,
        live: true,
        opinion: true,
        obituary: true,
    }
}

pub fn teaser(id: i64, picture: bool) -> Teaser {
    Teaser {
        id,
        url: format!("/news/story-{id}"),
        headline: "Headline".into(),
        standfirst: "Standfirst".into(),
        section: section(),
        picture: picture.then(self::picture),
        published_at: 1_700_000_000,
        flags: if picture {
            all_flags()
        } else {
            ArticleFlags::default()
        },
    }
}

pub fn article() -> ArticlePage {
    ArticlePage {
        id: 1,
        url: "/news/story-1".into(),
        headline: "Headline".into(),
        standfirst: "Standfirst".into(),
        section: section(),
        lead: Some(picture()),
        authors: vec![
            AuthorLink {
                name: "A".into(),
                url: "/author/a".into(),
            },
            AuthorLink {
                name: "B".into(),
                url: "/author/b".into(),
            },
            AuthorLink {
                name: "C".into(),
                url: "/author/c".into(),
            },
        ],
        first_published_at: 1_700_000_000,
        updated_at: Some(1_700_003_600),
        body_html: "<p>Body</p>".into(),
        corrections: vec![
            Correction {
                published_at: 1_700_003_600,
                kind: "correction".into(),
                text: "Text".into(),
            },
            Correction {
                published_at: 1_700_003_600,
                kind: "update".into(),
                text: "Text".into(),
            },
        ],
        tags: vec![TagLink {
            id: 1,
            name: "Tag".into(),
            url: "/tag/tag".into(),
        }],
        rail: vec![teaser(2, true), teaser(3, false)],
        related: vec![teaser(4, true)],
        flags: all_flags(),
        seo_title: Some("SEO title".into()),
        seo_description: Some("SEO description".into()),
        canonical_url: Some("https://example.com/news/story-1".into()),
    }
}

pub fn bare_article() -> ArticlePage {
    ArticlePage {
        lead: None,
        authors: Vec::new(),
        updated_at: None,
        corrections: Vec::new(),
        tags: Vec::new(),
        rail: Vec::new(),
        flags: ArticleFlags::default(),
        seo_title: None,
        seo_description: None,
        canonical_url: None,
        ..article()
    }
}

fn paging(page: u32) -> Paging {
    Paging {
        page,
        prev_url: (page > 1).then(|| format!("?page={}", page - 1)),
        next_url: Some(format!("?page={}", page + 1)),
    }
}

pub fn home(page: u32) -> HomePage {
    HomePage {
        lead: Some(teaser(1, true)),
        latest: vec![teaser(2, true), teaser(3, false)],
        blocks: vec![
            SectionBlock {
                section: section(),
                items: vec![teaser(4, true), teaser(5, false)],
            },
            SectionBlock {
                section: section(),
                items: Vec::new(),
            },
        ],
        paging: paging(page),
    }
}

pub fn empty_home() -> HomePage {
    HomePage {
        lead: None,
        latest: Vec::new(),
        blocks: Vec::new(),
        paging: Paging::default(),
    }
}

pub fn lists(page: u32) -> Vec<ListPage> {
    let owners = [
        ListOwner::Section {
            name: "News".into(),
            description: "Description".into(),
            seo_title: "News SEO".into(),
            seo_description: String::new(),
        },
        ListOwner::Tag {
            name: "Tag".into(),
            description: String::new(),
        },
        ListOwner::Author {
            name: "A".into(),
            bio: "Bio".into(),
            photo: Some(picture()),
            job_title: "Reporter".into(),
            links: vec!["https://example.com/a".into()],
        },
        ListOwner::Author {
            name: "B".into(),
            bio: String::new(),
            photo: None,
            job_title: String::new(),
            links: Vec::new(),
        },
    ];
    owners
        .into_iter()
        .enumerate()
        .map(|(i, owner)| ListPage {
            owner,
            list_key: CacheKey::Section(1),
            url: "/news/".into(),
            items: if i == 3 {
                Vec::new()
            } else {
                vec![teaser(1, true), teaser(2, false)]
            },
            paging: paging(page),
        })
        .collect()
}

/// The webhooks pages: one webhook on with a delivery of each outcome, one turned off by
/// its endpoint; and both pages empty, with a refusal.
fn webhooks(t: &Templates, site: &Site, viewer: &DeskViewer) -> Result<(), RenderError> {
    let hook = WebhookLine {
        id: 1,
        name: "Newsletter".into(),
        event: "post.published".into(),
        target_url: "https://hooks.example.com/ghost".into(),
        enabled: true,
        disabled_reason: String::new(),
        last_status: Some(200),
        last_attempt_at: Some(1_790_000_000),
    };
    let off = WebhookLine {
        enabled: false,
        disabled_reason: "Turned off: the endpoint answered 410 Gone.".into(),
        last_status: Some(0),
        ..hook.clone()
    };
    let events = vec![Choice {
        value: "post.published".into(),
        label: "A story is published".into(),
        selected: true,
    }];
    for (hooks, error) in [
        (vec![hook.clone(), off.clone()], None),
        (Vec::new(), Some("x".into())),
    ] {
        t.desk_webhooks(
            site,
            viewer,
            &WebhooksPage {
                csrf_token: "t".into(),
                hooks,
                events: events.clone(),
                name: "Newsletter".into(),
                target_url: "javascript:alert(1)".into(),
                error,
            },
        )?;
    }
    let delivery = |state: &str, status: Option<i64>| DeliveryLine {
        id: 3,
        event: "post.published".into(),
        state: state.into(),
        attempts: 2,
        status,
        answer: "<h1>Server error</h1>".into(),
        created_at: 1_790_000_000,
        next_attempt_at: 1_790_000_300,
        delivered_at: None,
    };
    for (hook, deliveries) in [
        (
            hook,
            vec![
                delivery("pending", None),
                delivery("failed", Some(500)),
                delivery("delivered", Some(200)),
                delivery("gave_up", Some(0)),
            ],
        ),
        (off, Vec::new()),
    ] {
        t.desk_webhook(
            site,
            viewer,
            &WebhookPage {
                csrf_token: "t".into(),
                hook,
                secret: "0123abcd".into(),
                deliveries,
                message: Some("Queued again.".into()),
            },
        )?;
    }
    Ok(())
}

/// A reference page with one of everything: an operation with a parameter, answers with
/// and without a body, one with a request body, a security scheme, a shape with
/// properties and one without.
fn api_reference() -> ApiReferencePage {
    let post = ApiType {
        text: "Post".into(),
        link: Some("schema-Post".into()),
    };
    ApiReferencePage {
        title: "Newsdesk".into(),
        version: "0.1.0".into(),
        description_html: "The APIs.".into(),
        document_url: "/api/openapi.json".into(),
        groups: vec![
            ApiGroup {
                name: "Content API".into(),
                description_html: "Public content.".into(),
                operations: vec![ApiOperation {
                    id: "posts_browse".into(),
                    method: "GET".into(),
                    path: "/api/content/v1/posts/".into(),
                    summary: "Public stories".into(),
                    description_html: "Newest first.".into(),
                    security: vec!["none".into(), "content_key".into()],
                    parameters: vec![ApiParameter {
                        name: "limit".into(),
                        location: "query".into(),
                        required: false,
                        kind: ApiType {
                            text: "integer".into(),
                            link: None,
                        },
                        description_html: "Items per page.".into(),
                    }],
                    responses: vec![
                        ApiResponse {
                            status: "200".into(),
                            description_html: "The answer.".into(),
                            content_type: "application/json".into(),
                            body: Some(post.clone()),
                        },
                        ApiResponse {
                            status: "304".into(),
                            description_html: "Not modified.".into(),
                            ..ApiResponse::default()
                        },
                    ],
                    ..ApiOperation::default()
                }],
            },
            ApiGroup {
                name: "Admin API".into(),
                description_html: "For tools.".into(),
                operations: vec![ApiOperation {
                    id: "admin_create_story".into(),
                    method: "POST".into(),
                    path: "/api/admin/v1/stories/".into(),
                    summary: "A new draft".into(),
                    security: vec!["admin_token".into()],
                    request: Some(ApiRequest {
                        content_type: "application/json".into(),
                        required: true,
                        body: post.clone(),
                        description_html: "The story.".into(),
                    }),
                    responses: vec![ApiResponse {
                        status: "201".into(),
                        description_html: "The story.".into(),
                        content_type: "application/json".into(),
                        body: Some(post.clone()),
                    }],
                    ..ApiOperation::default()
                }],
            },
        ],
        security: vec![ApiSecurity {
            name: "admin_token".into(),
            carried: "Authorization: Bearer …".into(),
            description_html: "A token.".into(),
        }],
        schemas: vec![
            ApiSchema {
                name: "Post".into(),
                anchor: "schema-Post".into(),
                description_html: "A story.".into(),
                kind: None,
                properties: vec![ApiProperty {
                    name: "tags".into(),
                    required: true,
                    kind: post,
                    description_html: "Topics.".into(),
                }],
            },
            ApiSchema {
                name: "Time".into(),
                anchor: "schema-Time".into(),
                kind: Some(ApiType {
                    text: "string (date-time)".into(),
                    link: None,
                }),
                ..ApiSchema::default()
            },
        ],
    }
}
