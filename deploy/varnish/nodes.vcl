# The Newsdesk nodes behind this Varnish: one backend each, added to the director, and
# the addresses that may send purges. Included by newsdesk.vcl; edit this file (not
# newsdesk.vcl) when a node is added, moved or retired, then run `varnishreload`.

backend node_a {
    .host = "10.0.0.11";
    .port = "8080";
    .probe = newsdesk_ready;
    # A page renders in milliseconds; a node that takes seconds is in trouble.
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

backend node_b {
    .host = "10.0.0.12";
    .port = "8080";
    .probe = newsdesk_ready;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# Only the nodes purge: anyone else could otherwise empty the cache onto them.
acl newsdesk_purgers {
    "10.0.0.11";
    "10.0.0.12";
}

# Added to the round-robin director newsdesk.vcl makes (Varnish runs every vcl_init in turn).
sub vcl_init {
    nodes.add_backend(node_a);
    nodes.add_backend(node_b);
}
