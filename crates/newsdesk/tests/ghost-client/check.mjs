// Runs Ghost's own Content API client against a Newsdesk server and prints what it read,
// as JSON, for tests/content_api.rs to check. Usage: node check.mjs BASE_URL KEY LEAD_SLUG
import GhostContentAPI from '@tryghost/content-api';

const [url, key, leadSlug] = process.argv.slice(2);
const api = new GhostContentAPI({url, key, version: 'v5.0'});

const browse = await api.posts.browse({limit: 5, filter: 'tag:iraq+author:jane-hollis', include: 'tags,authors'});
const read = await api.posts.read({slug: leadSlug}, {include: 'tags,authors'});
const all = await api.posts.browse({limit: 'all'});
const pages = await api.pages.browse();
const tags = await api.tags.browse({include: 'count.posts', order: 'slug asc'});
const author = await api.authors.read({slug: 'jane-hollis'});
const settings = await api.settings.browse();

let wrongKey = 'no error';
try {
    await new GhostContentAPI({url, key: '0000000000000000000000000a', version: 'v5.0'}).posts.browse();
} catch (e) {
    wrongKey = e.name;
}

console.log(JSON.stringify({
    browse: {
        ids: browse.map(p => p.id),
        meta: browse.meta,
        tags: browse[0]?.tags.map(t => t.slug),
        primary_author: browse[0]?.primary_author?.slug,
    },
    read: {title: read.title, url: read.url, feature_image_alt: read.feature_image_alt},
    all_posts: all.length,
    pages: pages.map(p => p.slug),
    tags: tags.map(t => t.slug),
    author: {name: author.name},
    settings: {title: settings.title, navigation: settings.navigation},
    wrong_key: wrongKey,
}));
