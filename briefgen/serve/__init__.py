"""`briefgen serve`: the live preview. The briefs under a folder are validated and rendered into a
preview folder of its own, served on 127.0.0.1, and rendered again, one brief at a time, when a
file they are made from changes; the pages reload themselves (server-sent events).

Rooms: `renders` (the work done in worker processes: a preview, a PDF), `briefs` (what the
server knows of each brief: its last good render, its diagnostics), `watcher` (file changes to
briefs, coalesced), `pages` (preview pages: the reload script, the overlay), `app` (the HTTP side:
routes, the Host check, files under the preview folder only), `server` (start and stop).
"""
