import Foundation
import ScaleOut
import Testing
import TransferCore

@Suite(.tags(.fast)) struct ShardingTests {
    /// Sector-like units: a 32 GiB sealed file plus cache files of a few hundred MiB, varied so
    /// ties and near-ties both happen.
    static func sectors(_ count: Int, miner: String = "t01000") -> [ShardUnit] {
        var state: UInt64 = 42
        return (0..<count).map { number in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let cache = Int64(state >> 40) % (512 << 20)
            let sealed: Int64 = number % 7 == 0 ? 64 << 30 : 32 << 30
            return ShardUnit(key: "s-\(miner)-\(number)", bytes: sealed + cache)
        }
    }

    @Test func parsesShardSpecsAndRefusesNonsense() throws {
        let spec = try ShardSpec.parse("2/4")
        #expect(spec.index == 2 && spec.count == 4 && spec.journalName == "journal-shard-2-of-4")
        for bad in ["4/4", "-1/4", "1/0", "1", "a/b", "1/2/3", ""] {
            #expect(throws: ShardError.self, "\(bad)") { try ShardSpec.parse(bad) }
        }
    }

    @Test func readsSlurmAndKubernetesEnvironments() throws {
        #expect(try ShardSpec.fromEnvironment([:]) == nil)
        let slurm = try #require(try ShardSpec.fromEnvironment(["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"]))
        #expect(slurm.spec == (try ShardSpec(index: 3, count: 4)))
        #expect(slurm.origin.contains("SLURM_ARRAY_TASK_ID=3"))
        // A shard resubmitted alone (`sbatch --array=2`) sees a task count of 1; the script's
        // FERRY_SHARD_COUNT keeps the real count.
        let resubmitted = try #require(try ShardSpec.fromEnvironment(["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "1", "FERRY_SHARD_COUNT": "4"]))
        #expect(resubmitted.spec == (try ShardSpec(index: 2, count: 4)))
        #expect(throws: ShardError.self) { try ShardSpec.fromEnvironment(["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "1"]) }
        let k8s = try #require(try ShardSpec.fromEnvironment(["JOB_COMPLETION_INDEX": "0", "FERRY_SHARD_COUNT": "8"]))
        #expect(k8s.spec == (try ShardSpec(index: 0, count: 8)))
        #expect(throws: ShardError.self) { try ShardSpec.fromEnvironment(["JOB_COMPLETION_INDEX": "0"]) }
    }

    @Test func partitionIgnoresInputOrderAndCoversEveryUnitOnce() {
        let units = Self.sectors(500) + [ShardUnit(key: "z-tie-a", bytes: 100), ShardUnit(key: "z-tie-b", bytes: 100)]
        let reference = Dictionary(uniqueKeysWithValues: zip(units.map(\.key), ShardPartitioner.partition(units: units, shards: 7)))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let shuffled = units.shuffled(using: &generator)
            let assignment = ShardPartitioner.partition(units: shuffled, shards: 7)
            #expect(Dictionary(uniqueKeysWithValues: zip(shuffled.map(\.key), assignment)) == reference)
        }
        #expect(Set(reference.values) == Set(0..<7))
    }

    @Test func balanceOnTenThousandSectors() {
        let units = Self.sectors(10_000)
        for shards in [4, 16, 64] {
            let started = ContinuousClock.now
            let assignment = ShardPartitioner.partition(units: units, shards: shards)
            let elapsed = ContinuousClock.now - started
            let loads = ShardPartitioner.loads(units: units, assignment: assignment, shards: shards)
            let mean = Double(loads.reduce(0, +)) / Double(shards)
            let ratio = Double(loads.max()!) / mean
            print("partition of 10,000 sectors into \(shards) shards: max/mean \(String(format: "%.5f", ratio)) in \(elapsed)")
            // LPT puts every shard within one (largest) unit of the mean.
            #expect(Double(loads.max()!) - mean <= Double(units.map(\.bytes).max()!))
            #expect(ratio < 1.01)
        }
    }

    @Test func hashShardIsStableAndInRange() {
        #expect(ShardPartitioner.hashShard(key: "s-t01000-7", shards: 5) == ShardPartitioner.hashShard(key: "s-t01000-7", shards: 5))
        #expect((0..<200).allSatisfy { (0..<3).contains(ShardPartitioner.hashShard(key: "k\($0)", shards: 3)) })
    }

    /// After some shards of a move have run, the remaining files partition differently; the
    /// frozen map keeps every rerun on the first plan's assignment.
    @Test func frozenMapSurvivesAShrinkingPlan() throws {
        let scratch = Scratch()
        let ferry = scratch.sub(".ferry")
        let units = Self.sectors(40)
        let first = try ShardAssignment.resolve(units: units, spec: ShardSpec(index: 1, count: 4), ferryDirectory: ferry)
        #expect(FileManager.default.fileExists(atPath: ShardMap.path(ferryDirectory: ferry, shards: 4)))
        let remaining = units.indices.filter { first.shardOf[$0] == 1 || $0 % 3 == 0 }
        let subset = remaining.map { units[$0] }
        let again = try ShardAssignment.resolve(units: subset, spec: ShardSpec(index: 1, count: 4), ferryDirectory: ferry)
        #expect(zip(remaining, again.shardOf).allSatisfy { first.shardOf[$0] == $1 })
        #expect(again.notices.contains { $0.contains("frozen") })
        // Repartitioning the subset from scratch would have moved some units: that is the hazard.
        let fresh = ShardPartitioner.partition(units: subset, shards: 4)
        #expect(zip(remaining, fresh).contains { first.shardOf[$0] != $1 })
        // A unit the map never saw goes by hash, with a notice; a different count is flagged.
        let added = try ShardAssignment.resolve(units: units + [ShardUnit(key: "new", bytes: 1)], spec: ShardSpec(index: 0, count: 4), ferryDirectory: ferry)
        #expect(added.shardOf.last == ShardPartitioner.hashShard(key: "new", shards: 4))
        #expect(added.notices.contains { $0.contains("1 unit(s) are not in") })
        let other = try ShardAssignment.resolve(units: units, spec: ShardSpec(index: 0, count: 2), ferryDirectory: ferry)
        #expect(other.notices.contains { $0.contains("into 4 shard(s)") })
    }

    @Test func concurrentFreezesAgreeOnOneMap() async throws {
        let scratch = Scratch()
        let path = ShardMap.path(ferryDirectory: scratch.sub(".ferry"), shards: 3)
        let units = Self.sectors(300)
        let maps = await withTaskGroup(of: ShardMap?.self) { group in
            for _ in 0..<8 { group.addTask { try? ShardMap(units: units, shards: 3).freeze(at: path) } }
            return await group.reduce(into: [ShardMap?]()) { $0.append($1) }
        }
        #expect(maps.allSatisfy { $0 != nil && $0 == maps[0] })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.sub(".ferry")).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    /// `--shard 0/99999999999` and `FERRY_SHARD_COUNT=99999999999` used to reach the partitioner,
    /// which allocated one counter per shard (1.6 TB) and aborted. The bound lives in ShardSpec,
    /// so the flag, both schedulers and `plan` are all covered.
    @Test func shardCountIsBounded() throws {
        #expect(ShardSpec.maxCount == 100_000)
        #expect(try ShardSpec(index: ShardSpec.maxCount - 1, count: ShardSpec.maxCount).count == ShardSpec.maxCount)
        for text in ["0/99999999999", "0/100001", "0/\(Int.max)"] {
            #expect(throws: ShardError.self, "\(text)") { try ShardSpec.parse(text) }
        }
        do {
            _ = try ShardSpec.parse("0/99999999999")
        } catch {
            #expect(error.message.contains("between 1 and 100000") && error.message.contains("99999999999"), "\(error.message)")
        }
        let environments = [
            ["JOB_COMPLETION_INDEX": "0", "FERRY_SHARD_COUNT": "99999999999"],
            ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "99999999999"],
            ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4", "FERRY_SHARD_COUNT": "100001"],
        ]
        for environment in environments {
            do {
                _ = try ShardSpec.fromEnvironment(environment)
                Issue.record("accepted \(environment)")
            } catch {
                #expect(error.message.contains("between 1 and 100000"), "\(error.message)")
                #expect(error.message.contains("FERRY_SHARD_COUNT") || error.message.contains("SLURM_ARRAY_TASK_COUNT"), "\(error.message)")
            }
        }
    }

    /// A frozen map is input too: a shard count or a unit's shard out of range would index past
    /// the per-shard arrays of `plan` and `report`.
    @Test func anEditedShardMapIsRefused() throws {
        let scratch = Scratch()
        let ferry = scratch.sub(".ferry")
        let units = Self.sectors(10)
        _ = try ShardAssignment.resolve(units: units, spec: ShardSpec(index: 0, count: 2), ferryDirectory: ferry)
        let path = ShardMap.path(ferryDirectory: ferry, shards: 2)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for edited in [text.replacingOccurrences(of: "\"shard\":1", with: "\"shard\":7"),
                       text.replacingOccurrences(of: "\"shards\":2", with: "\"shards\":99999999999"),
                       text.replacingOccurrences(of: "\"shards\":2", with: "\"shards\":3")] {
            #expect(edited != text)
            try edited.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: ShardError.self) { try ShardAssignment.resolve(units: units, spec: ShardSpec(index: 0, count: 2), ferryDirectory: ferry) }
        }
    }
}
