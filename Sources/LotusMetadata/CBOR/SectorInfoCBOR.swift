/// `sealing.SectorInfo` ⇄ CBOR, as lotus' cbor-gen code reads and writes it.
extension SectorInfo {
    /// The 39 fields in canonical key order (shorter key first, then bytewise), as lotus ≥ 1.23
    /// writes them; header `B8 27`.
    public var cbor: CBOR {
        .textMap([
            ("Log", .array(log.map(\.cbor))),
            ("CommD", LotusCBOR.cid(commD)),
            ("CommR", LotusCBOR.cid(commR)),
            ("Proof", .bytes(proof)),
            ("State", .text(state)),
            ("Pieces", .array(pieces.map(\.cbor))),
            ("Return", .text(returnState)),
            ("LastErr", .text(lastErr)),
            ("CCPieces", .array(ccPieces.map(\.cbor))),
            ("CCUpdate", .bool(ccUpdate)),
            ("SeedEpoch", .int(seedEpoch)),
            ("SeedValue", .bytes(seedValue)),
            ("SectorType", .int(sectorType)),
            ("TicketEpoch", .int(ticketEpoch)),
            ("TicketValue", .bytes(ticketValue)),
            ("CreationTime", .int(creationTime)),
            ("SectorNumber", .unsigned(sectorNumber)),
            ("TerminatedAt", .int(terminatedAt)),
            ("UpdateSealed", LotusCBOR.cid(updateSealed)),
            ("CommitMessage", LotusCBOR.cid(commitMessage)),
            ("InvalidProofs", .unsigned(invalidProofs)),
            ("PreCommit1Out", .bytes(preCommit1Out)),
            ("FaultReportMsg", LotusCBOR.cid(faultReportMsg)),
            ("UpdateUnsealed", LotusCBOR.cid(updateUnsealed)),
            ("PreCommit1Fails", .unsigned(preCommit1Fails)),
            ("PreCommit2Fails", .unsigned(preCommit2Fails)),
            ("PreCommitTipSet", .bytes(preCommitTipSet)),
            ("RemoteDataCache", remoteDataCache?.cbor ?? .null),
            ("PreCommitDeposit", .bytes(preCommitDeposit.cborBytes)),
            ("PreCommitMessage", LotusCBOR.cid(preCommitMessage)),
            ("RemoteDataSealed", remoteDataSealed?.cbor ?? .null),
            ("TerminateMessage", LotusCBOR.cid(terminateMessage)),
            ("RemoteDataUnsealed", remoteDataUnsealed?.cbor ?? .null),
            ("ReplicaUpdateProof", .bytes(replicaUpdateProof)),
            ("RemoteDataFinalized", .bool(remoteDataFinalized)),
            ("ReplicaUpdateMessage", LotusCBOR.cid(replicaUpdateMessage)),
            ("RemoteCommit1Endpoint", .text(remoteCommit1Endpoint)),
            ("RemoteCommit2Endpoint", .text(remoteCommit2Endpoint)),
            ("RemoteSealingDoneEndpoint", .text(remoteSealingDoneEndpoint)),
        ])
    }

    public func encoded() -> [UInt8] { CBOREncoder.encode(cbor) }

    /// Reads any shape lotus has written (26/32/38/39 fields, declaration or canonical order).
    /// Unknown keys are skipped and missing ones stay zero, as cbor-gen does.
    public init(cborBytes: [UInt8]) throws(CBORError) {
        try self.init(cbor: CBORDecoder.decode(cborBytes))
    }

    public init(cbor: CBOR) throws(CBORError) {
        self.init()
        for (key, v) in try cbor.fields("SectorInfo") {
            switch key {
            case "State": state = try v.string(key)
            case "SectorNumber": sectorNumber = try v.uint(key)
            case "SectorType": sectorType = try v.int64(key)
            case "CreationTime": creationTime = try v.int64(key)
            case "Pieces": pieces = try Self.pieces(v, key)
            case "TicketValue": ticketValue = try v.byteString(key)
            case "TicketEpoch": ticketEpoch = try v.int64(key)
            case "PreCommit1Out": preCommit1Out = try v.byteString(key)
            case "PreCommit1Fails": preCommit1Fails = try v.uint(key)
            case "CommD": commD = try LotusCBOR.decodeOptionalCID(v, key)
            case "CommR": commR = try LotusCBOR.decodeOptionalCID(v, key)
            case "Proof": proof = try v.byteString(key)
            case "PreCommitDeposit": preCommitDeposit = try TokenAmount(cborBytes: v.byteString(key))
            case "PreCommitMessage": preCommitMessage = try LotusCBOR.decodeOptionalCID(v, key)
            case "PreCommitTipSet": preCommitTipSet = try v.byteString(key)
            case "PreCommit2Fails": preCommit2Fails = try v.uint(key)
            case "SeedValue": seedValue = try v.byteString(key)
            case "SeedEpoch": seedEpoch = try v.int64(key)
            case "CommitMessage": commitMessage = try LotusCBOR.decodeOptionalCID(v, key)
            case "InvalidProofs": invalidProofs = try v.uint(key)
            case "CCUpdate": ccUpdate = try v.boolean(key)
            case "CCPieces": ccPieces = try Self.pieces(v, key)
            case "UpdateSealed": updateSealed = try LotusCBOR.decodeOptionalCID(v, key)
            case "UpdateUnsealed": updateUnsealed = try LotusCBOR.decodeOptionalCID(v, key)
            case "ReplicaUpdateProof": replicaUpdateProof = try v.byteString(key)
            case "ReplicaUpdateMessage": replicaUpdateMessage = try LotusCBOR.decodeOptionalCID(v, key)
            case "FaultReportMsg": faultReportMsg = try LotusCBOR.decodeOptionalCID(v, key)
            case "Return": returnState = try v.string(key)
            case "TerminateMessage": terminateMessage = try LotusCBOR.decodeOptionalCID(v, key)
            case "TerminatedAt": terminatedAt = try v.int64(key)
            case "RemoteDataUnsealed": remoteDataUnsealed = try Self.location(v, key)
            case "RemoteDataSealed": remoteDataSealed = try Self.location(v, key)
            case "RemoteDataCache": remoteDataCache = try Self.location(v, key)
            case "RemoteCommit1Endpoint": remoteCommit1Endpoint = try v.string(key)
            case "RemoteCommit2Endpoint": remoteCommit2Endpoint = try v.string(key)
            case "RemoteSealingDoneEndpoint": remoteSealingDoneEndpoint = try v.string(key)
            case "RemoteDataFinalized": remoteDataFinalized = try v.boolean(key)
            case "LastErr": lastErr = try v.string(key)
            case "Log": log = try v.items(key).enumerated().map { i, e throws(CBORError) in try SectorLog(cbor: e, field: "Log[\(i)]") }
            default: continue  // e.g. PreCommitInfo of lotus ≤ 1.17.1
            }
        }
    }

    private static func pieces(_ v: CBOR, _ key: String) throws(CBORError) -> [SectorPiece] {
        if v.isNull { return [] }
        var out: [SectorPiece] = []
        for (i, p) in try v.items(key).enumerated() { out.append(try SectorPiece(cbor: p, field: "\(key)[\(i)]")) }
        return out
    }

    private static func location(_ v: CBOR, _ key: String) throws(CBORError) -> SectorLocation? {
        v.isNull ? nil : try SectorLocation(cbor: v, field: key)
    }
}
