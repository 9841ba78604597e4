public import Testing

/// The tiers: `swift test --filter tag:fast` runs what is in-process, needs no root and no
/// ferry binary; `root` needs loop mounts or other mounts, `binary` runs the built ferry,
/// `slow` is in-process but takes more than a few seconds.
extension Tag {
    @Tag public static var fast: Self
    @Tag public static var root: Self
    @Tag public static var binary: Self
    @Tag public static var slow: Self
}
