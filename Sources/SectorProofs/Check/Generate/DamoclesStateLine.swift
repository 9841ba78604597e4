import Foundation
import LotusMetadata
import SectorStore

/// One damocles sector state (the `util sealer sectors state export-json` shape) for a generated
/// sector, carrying its real CommR (and, snapped, the new one in `UpgradedInfo.SealedCID`), so
/// `ferry check --from-json` and `ferry export metadata` have a source of truth to read.
///
/// Only the CommRs are computed. Ticket, seed, proof and message CIDs are fixed well-formed values;
/// CommD is the 32 GiB all-zero piece's (the generator writes no tree-d or unsealed data).
enum DamoclesStateLine {
    static let commD = "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq"
    static let ticket = #"{"Ticket":"bBgL5Q43Q0Z484kKg9AdKFA7eb7egItbB2amKeNr+oo=","Epoch":4800000}"#
    static let seed = #"{"Seed":"XoYcic0ByFhpDmvHP1iWCoF/se19vj2bk1J7veiApxc=","Epoch":4801080}"#
    static let proof = "EU2SxDCjKoM99mD5QnhuRQ5522z7GkIg7/vsWft+ehYId1xAfArQ58+g3EPBmfg7"

    /// A well-formed chain message CID (dag-cbor, blake2b-256) that is distinct per sector and purpose.
    static func message(_ id: SectorID, _ purpose: UInt8) -> CID {
        var digest = [UInt8](repeating: purpose, count: 32)
        for i in 0..<8 {
            digest[i] = UInt8(truncatingIfNeeded: id.number >> (8 * UInt64(i)))
            digest[8 + i] = UInt8(truncatingIfNeeded: id.miner.id >> (8 * UInt64(i)))
        }
        return CID(codec: CID.Codec.dagCBOR, hashCode: CID.Hash.blake2b256, digest: digest)
    }

    /// RegisteredSealProof StackedDrg…V1_1 for each size (lotus' abi: 5…9).
    static func sealProof(_ size: SectorSize) -> Int {
        switch size {
        case .kib2: 5
        case .mib8: 6
        case .mib512: 7
        case .gib32: 8
        case .gib64: 9
        }
    }

    static func json(id: SectorID, size: SectorSize, sealed: CID, update: CID?) -> String {
        var fields = [
            #""ID":{"Miner":\#(id.miner.id),"Number":\#(id.number)}"#,
            #""SectorType":\#(sealProof(size))"#,
            #""Ticket":\#(ticket)"#, #""Seed":\#(seed)"#, #""Deals":null"#, #""Pieces":null"#,
            #""Pre":{"CommR":{"/":"\#(sealed)"},"CommD":{"/":"\#(commD)"},"Ticket":\#(ticket)}"#,
            #""Proof":{"Proof":"\#(proof)"}"#,
            #""MessageInfo":{"PreCommitCid":{"/":"\#(message(id, 1))"},"CommitCid":{"/":"\#(message(id, 2))"},"NeedSend":false}"#,
            #""TerminateInfo":{"TerminateCid":null,"TerminatedAt":0,"AddedHeight":0}"#,
            #""Finalized":true"#, #""Removed":false"#, #""AbortReason":"""#,
        ]
        if let update {
            let oldBytes = sealed.digest.map(String.init).joined(separator: ",")
            fields += [
                #""Upgraded":true"#,
                #""UpgradePublic":{"CommR":[\#(oldBytes)],"SealedCID":{"/":"\#(sealed)"},"Activation":4802100,"Expiration":6257300}"#,
                #""UpgradedInfo":{"AccessInstance":"store01","SealedCID":{"/":"\#(update)"},"UnsealedCID":{"/":"\#(commD)"},"Proof":"\#(proof)"}"#,
                #""UpgradeMessageID":"\#(message(id, 3))-0""#,
                #""UpgradeLandedEpoch":4901234"#,
            ]
        } else {
            fields += [#""Upgraded":false"#, #""UpgradePublic":null"#, #""UpgradedInfo":null"#, #""UpgradeMessageID":null"#, #""UpgradeLandedEpoch":null"#]
        }
        fields += [#""Imported":false"#, #""NeedRebuild":false"#, #""Unsealing":false"#]
        return "{" + fields.joined(separator: ",") + "}"
    }
}
