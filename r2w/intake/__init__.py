"""CV intake: accept an upload, keep the original, and read it into a CV document off-request."""
