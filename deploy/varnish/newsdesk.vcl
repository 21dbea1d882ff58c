# Varnish 7 in front of several Newsdesk nodes (Debian: varnish, varnish-modules).
#
# - Public pages, feeds, sitemaps and /media/ are cached for as long as the nodes'
#   Cache-Control says (s-maxage: a day for pages, a year for media files, whose names
#   are content hashes); the nodes purge exactly the pages a change touches, by the keys
#   each page carries in its `xkey` header.
# - The desk (/admin), the Admin API, previews, /metrics and the health checks are never
#   cached, nor is anything a signed-in person asks for (the session cookie).
# - Purges (`PURGE` with `xkey-purge: article:42 list:home …`) are taken from the nodes'
#   addresses only (acl newsdesk_purgers in nodes.vcl).
#
# The nodes themselves are in nodes.vcl (backends, purge ACL), found through vcl_path:
# this file does not change when nodes do.
vcl 4.1;

import directors;
import std;
import var;
import xkey;

# A node is sent readers while its /readyz answers (the database answers it).
probe newsdesk_ready {
    .url = "/readyz";
    .interval = 2s;
    .timeout = 1s;
    .window = 5;
    .threshold = 3;
}

sub vcl_init {
    new nodes = directors.round_robin();
}

include "nodes.vcl";

sub vcl_recv {
    set req.backend_hint = nodes.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ newsdesk_purgers) {
            return (synth(403, "Not a Newsdesk node"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        # When the last purge came: see "just after a purge" in vcl_backend_response.
        var.global_set("newsdesk_purged_at", "" + std.real(time = now));
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }

    # The desk, both APIs' admin doors, previews and the nodes' own pages: always fresh,
    # and each person's own.
    if (req.url ~ "^/admin(/|\?|$)"
        || req.url ~ "^/(api|ghost/api)/admin/"
        || req.url ~ "^/preview/"
        || req.url ~ "^/(metrics|healthz|readyz)(\?|$)") {
        return (pass);
    }
    # A signed-in person may see their own things on any page.
    if (req.http.Cookie ~ "(^|;\s*)newsdesk_session=") {
        return (pass);
    }
    # Any other cookie (analytics, consent) changes nothing Newsdesk renders: without this,
    # Varnish would pass every request that carries one.
    unset req.http.Cookie;
    # Authorization, methods other than GET and HEAD: Varnish's built-in rules pass them.
}

sub vcl_backend_response {
    # Which node rendered this copy (shown to readers as X-Served-By, for debugging).
    set beresp.http.X-Served-By = beresp.backend.name;

    if (beresp.ttl > 0s && !beresp.uncacheable) {
        # Just after a purge another node may not have applied the change yet (each node
        # reads the change log every change_poll_ms) and could hand back its own copy of
        # the page from before it: what is fetched then is kept only briefly, so the next
        # reader's request fetches again from a node that has caught up. (The nodes also
        # send every purge a second time half a second later, for the same reason: this
        # rule covers a node that lags longer than that.)
        if (std.real(time = now)
            - std.real(var.global_get("newsdesk_purged_at"), 0) < 2.0) {
            set beresp.ttl = 0.2s;
        }
        # A node that is re-rendering a page hands out its previous copy meanwhile
        # (X-Cache: STALE): fine for a moment, not for a day.
        if (beresp.http.X-Cache == "STALE") {
            set beresp.ttl = 1s;
        }
    }
    # Everything else follows the nodes' Cache-Control: no-store and private are not
    # kept, s-maxage sets the time to live, stale-while-revalidate the grace (built-in VCL).
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Varnish-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
    # The keys are for this cache only.
    unset resp.http.xkey;
}
