//! Local web interface: search, synthesis, matrix and document pages rendered on the server.
