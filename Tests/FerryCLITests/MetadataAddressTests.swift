import Foundation
import Testing

/// `export metadata --miner` takes f0…/t0… or a bare number, each only in its canonical spelling.
@Suite(.tags(.binary)) struct MetadataAddressTests {
    @Test(arguments: ["+1000", "f0+1000", "t001000", "01000", "f0-1000", "f1000"])
    func nonCanonicalMinerIsAUsageError(_ miner: String) throws {
        let dir = TempDir()
        let run = try CLI.run(["export", "metadata", "--miner", miner, "--dest-repo", dir.path, "--only-next-number", "--next-number", "5"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("error: --miner \(miner): expected an ID address"), "\(run.stderr)")
    }
}
