"""Portfolio sites: builds, serving previews and published sites, publishing, reconciling."""
