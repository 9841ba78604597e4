import TransferIO

/// What `copy`/`move SRC... DEST` will do, worked out before any byte moves.
public struct TransferPlan: Sendable {
    public var items: [TransferItem] = []
    /// Directories to create at the destination (so empty ones come along too).
    public var directories: [String] = []
    /// Source directories a move empties, deepest first.
    public var sourceDirectories: [String] = []
    /// Inputs refused before starting, each with the reason.
    public var problems: [(path: String, message: String)] = []
    /// Where `.ferry/` (journal, staging) lives: on the destination's file system.
    public var destinationRoot: String
    public var sources: [String]
    public var destination: String

    public var totalBytes: Int64 { items.reduce(0) { $0 + $1.size } }

    public init(items: [TransferItem] = [], directories: [String] = [], sourceDirectories: [String] = [],
                problems: [(path: String, message: String)] = [], destinationRoot: String, sources: [String], destination: String) {
        self.items = items
        self.directories = directories
        self.sourceDirectories = sourceDirectories
        self.problems = problems
        self.destinationRoot = destinationRoot
        self.sources = sources
        self.destination = destination
    }
}

public enum TransferPlanner {
    /// Plans like `cp -r`: several sources, an existing directory or a trailing slash make
    /// DEST a directory that receives each source by its base name; otherwise a single source
    /// becomes DEST itself.
    ///
    /// `intoDirectory` overrides that choice; a resumed run passes the choice its first run made,
    /// because by then DEST exists and `cp -r` rules would nest the tree one level deeper.
    public static func plan(sources rawSources: [String], destination rawDestination: String, intoDirectory forced: Bool? = nil) -> TransferPlan {
        let destination = FileSystem.absolute(rawDestination)
        let destinationStatus = try? FileSystem.status(destination)
        let intoDirectory = forced ?? (rawSources.count > 1 || destinationStatus?.kind == .directory || rawDestination.hasSuffix("/"))
        let root = intoDirectory ? destination : FileSystem.parentDirectory(of: destination)
        var plan = TransferPlan(destinationRoot: root, sources: rawSources.map(FileSystem.absolute), destination: destination)
        for raw in rawSources {
            let source = FileSystem.absolute(raw)
            let target = intoDirectory ? destination + "/" + FileSystem.baseName(of: source) : destination
            add(source: source, target: target, root: FileSystem.parentDirectory(of: source), to: &plan)
        }
        plan.sourceDirectories.sort { $0.count > $1.count }
        refuseCollisions(&plan)
        return plan
    }

    /// Two sources aimed at one destination (`move a/f b/f D/`) would make the second replace
    /// (or be refused by) the first; with --overwrite the first file's bytes would exist nowhere.
    /// Neither is transferred.
    static func refuseCollisions(_ plan: inout TransferPlan) {
        var claims: [String: [String]] = [:]
        for item in plan.items { claims[item.destination, default: []].append(item.source) }
        let sources = Set(plan.items.map(\.source))
        let clashing = Set(claims.filter { $0.value.count > 1 || sources.contains($0.key) }.keys)
        guard !clashing.isEmpty else { return }
        for item in plan.items where clashing.contains(item.destination) {
            let others = claims[item.destination]!.filter { $0 != item.source }
            let reason = others.isEmpty ? "its destination \(item.destination) is itself a source of this run"
                : "its destination \(item.destination) is also the destination of \(others.joined(separator: ", ")); neither is transferred"
            plan.problems.append((item.source, reason))
        }
        plan.items.removeAll { clashing.contains($0.destination) }
    }

    /// `root` is the directory the user named (a SRC argument's parent): below it no link is
    /// followed, now or when the file is opened, renamed or deleted.
    private static func add(source: String, target: String, root: String, to plan: inout TransferPlan) {
        let status: FileStatus
        do throws(Errno) {
            status = try FileSystem.status(source)
        } catch {
            plan.problems.append((source, "cannot read the source: \(error)"))
            return
        }
        if source == target {
            plan.problems.append((source, "the source and the destination are the same file"))
            return
        }
        if target.hasPrefix(source + "/") {
            plan.problems.append((source, "the destination \(target) is inside the source"))
            return
        }
        switch status.kind {
        case .regular:
            plan.items.append(TransferItem(source: source, destination: target, size: status.size,
                                           permissions: status.permissions, modificationTime: status.modificationTime,
                                           sourceRoot: root, destinationRoot: plan.destinationRoot,
                                           sourceIdentity: FileIdentity(status)))
        case .directory:
            if target == plan.destinationRoot + "/.ferry" || FileSystem.baseName(of: source) == ".ferry" && source.hasPrefix(plan.destinationRoot) {
                return
            }
            plan.directories.append(target)
            plan.sourceDirectories.append(source)
            let names: [String]
            do throws(Errno) {
                names = try FileSystem.listDirectory(source).sorted()
            } catch {
                plan.problems.append((source, "cannot list the directory: \(error)"))
                return
            }
            for name in names {
                add(source: source + "/" + name, target: target + "/" + name, root: root, to: &plan)
            }
        case .symlink:
            plan.problems.append((source, "is a symbolic link; ferry moves regular files only and does not follow links"))
        default:
            plan.problems.append((source, "is a \(describe(status.kind)); ferry moves regular files only"))
        }
    }

    private static func describe(_ kind: FileKind) -> String {
        switch kind {
        case .blockDevice: "block device"
        case .characterDevice: "character device"
        case .fifo: "named pipe"
        case .socket: "socket"
        default: "special file"
        }
    }
}
