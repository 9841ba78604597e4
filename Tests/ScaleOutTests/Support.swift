// Scratch directories, seeded bytes, loop mounts, the process runner, host conditions and tags.
@_exported import FerryTestSupport
