public import Testing

/// The tiers: `fast` is in-process and needs no root and no ferry binary; `root` needs loop or
/// other mounts; `binary` runs the built ferry; `slow` takes minutes (the kill sweep).
extension Tag {
    @Tag public static var fast: Self
    @Tag public static var root: Self
    @Tag public static var binary: Self
    @Tag public static var slow: Self
}

/// `swift test --filter`/`--skip` match test names, not tags (Swift 6.3.1 has no `tag:` filter),
/// so the fast tier runs as `swift test --skip '<notFast>'`: the suites whose tests are not
/// tagged `fast`. A suite that changes tier changes its tag and this list together.
public enum Tier {
    public static let notFast = "FerryCLITests|LoopFileSystemTests|ReflinkTests|MinFreeTests|LotusMetadataTests.CLITests"
}
