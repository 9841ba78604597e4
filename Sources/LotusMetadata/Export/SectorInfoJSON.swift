import Foundation

/// JSON in lotus' conventions (Go field names, CIDs as `{"/": …}`, bytes as base64, big ints as
/// decimal strings) so `ferry lotus sectors --json` reads like lotus' own output.
extension SectorInfo: Encodable {
    private enum Keys: String, CodingKey {
        case State, SectorNumber, SectorType, CreationTime, Pieces, TicketValue, TicketEpoch, PreCommit1Out,
             PreCommit1Fails, CommD, CommR, Proof, PreCommitDeposit, PreCommitMessage, PreCommitTipSet,
             PreCommit2Fails, SeedValue, SeedEpoch, CommitMessage, InvalidProofs, CCUpdate, CCPieces,
             UpdateSealed, UpdateUnsealed, ReplicaUpdateProof, ReplicaUpdateMessage, FaultReportMsg, Return,
             TerminateMessage, TerminatedAt, RemoteDataUnsealed, RemoteDataSealed, RemoteDataCache,
             RemoteCommit1Endpoint, RemoteCommit2Endpoint, RemoteSealingDoneEndpoint, RemoteDataFinalized,
             LastErr, Log
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(state, forKey: .State)
        try c.encode(sectorNumber, forKey: .SectorNumber)
        try c.encode(sectorType, forKey: .SectorType)
        try c.encode(creationTime, forKey: .CreationTime)
        try c.encode(pieces, forKey: .Pieces)
        try c.encode(Data(ticketValue), forKey: .TicketValue)
        try c.encode(ticketEpoch, forKey: .TicketEpoch)
        try c.encode(Data(preCommit1Out), forKey: .PreCommit1Out)
        try c.encode(preCommit1Fails, forKey: .PreCommit1Fails)
        try c.encode(commD, forKey: .CommD)
        try c.encode(commR, forKey: .CommR)
        try c.encode(Data(proof), forKey: .Proof)
        try c.encode(preCommitDeposit.description, forKey: .PreCommitDeposit)
        try c.encode(preCommitMessage, forKey: .PreCommitMessage)
        try c.encode(Data(preCommitTipSet), forKey: .PreCommitTipSet)
        try c.encode(preCommit2Fails, forKey: .PreCommit2Fails)
        try c.encode(Data(seedValue), forKey: .SeedValue)
        try c.encode(seedEpoch, forKey: .SeedEpoch)
        try c.encode(commitMessage, forKey: .CommitMessage)
        try c.encode(invalidProofs, forKey: .InvalidProofs)
        try c.encode(ccUpdate, forKey: .CCUpdate)
        try c.encode(ccPieces, forKey: .CCPieces)
        try c.encode(updateSealed, forKey: .UpdateSealed)
        try c.encode(updateUnsealed, forKey: .UpdateUnsealed)
        try c.encode(Data(replicaUpdateProof), forKey: .ReplicaUpdateProof)
        try c.encode(replicaUpdateMessage, forKey: .ReplicaUpdateMessage)
        try c.encode(faultReportMsg, forKey: .FaultReportMsg)
        try c.encode(returnState, forKey: .Return)
        try c.encode(terminateMessage, forKey: .TerminateMessage)
        try c.encode(terminatedAt, forKey: .TerminatedAt)
        try c.encode(remoteDataUnsealed, forKey: .RemoteDataUnsealed)
        try c.encode(remoteDataSealed, forKey: .RemoteDataSealed)
        try c.encode(remoteDataCache, forKey: .RemoteDataCache)
        try c.encode(remoteCommit1Endpoint, forKey: .RemoteCommit1Endpoint)
        try c.encode(remoteCommit2Endpoint, forKey: .RemoteCommit2Endpoint)
        try c.encode(remoteSealingDoneEndpoint, forKey: .RemoteSealingDoneEndpoint)
        try c.encode(remoteDataFinalized, forKey: .RemoteDataFinalized)
        try c.encode(lastErr, forKey: .LastErr)
        try c.encode(log, forKey: .Log)
    }
}

extension CID: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: JSONCIDKey.self)
        try c.encode(description, forKey: .slash)
    }

    private enum JSONCIDKey: String, CodingKey { case slash = "/" }
}

extension SectorPiece: Encodable {
    private enum Keys: String, CodingKey { case Piece, DealInfo }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(piece, forKey: .Piece)
        try c.encode(dealInfo, forKey: .DealInfo)
    }
}

extension PieceInfo: Encodable {
    private enum Keys: String, CodingKey { case Size, PieceCID }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(size, forKey: .Size)
        try c.encode(pieceCID, forKey: .PieceCID)
    }
}

extension PieceDealInfo: Encodable {
    private enum Keys: String, CodingKey { case DealID, PublishCid, DealProposal, DealSchedule, KeepUnsealed, PieceActivationManifest }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(dealID, forKey: .DealID)
        try c.encode(publishCid, forKey: .PublishCid)
        try c.encode(dealProposal, forKey: .DealProposal)
        try c.encode(dealSchedule, forKey: .DealSchedule)
        try c.encode(keepUnsealed, forKey: .KeepUnsealed)
        try c.encode(pieceActivationManifest, forKey: .PieceActivationManifest)
    }
}

extension DealSchedule: Encodable {
    private enum Keys: String, CodingKey { case StartEpoch, EndEpoch }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(startEpoch, forKey: .StartEpoch)
        try c.encode(endEpoch, forKey: .EndEpoch)
    }
}

extension DealProposal: Encodable {
    private enum Keys: String, CodingKey {
        case PieceCID, PieceSize, VerifiedDeal, Client, Provider, Label, StartEpoch, EndEpoch,
             StoragePricePerEpoch, ProviderCollateral, ClientCollateral
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(pieceCID, forKey: .PieceCID)
        try c.encode(pieceSize, forKey: .PieceSize)
        try c.encode(verifiedDeal, forKey: .VerifiedDeal)
        try c.encode(client.description, forKey: .Client)
        try c.encode(provider.description, forKey: .Provider)
        switch label {
        case .string(let s): try c.encode(s, forKey: .Label)
        case .bytes(let b): try c.encode(Data(b), forKey: .Label)
        }
        try c.encode(startEpoch, forKey: .StartEpoch)
        try c.encode(endEpoch, forKey: .EndEpoch)
        try c.encode(storagePricePerEpoch.description, forKey: .StoragePricePerEpoch)
        try c.encode(providerCollateral.description, forKey: .ProviderCollateral)
        try c.encode(clientCollateral.description, forKey: .ClientCollateral)
    }
}

extension PieceActivationManifest: Encodable {
    private enum Keys: String, CodingKey { case CID, Size, VerifiedAllocationKey, Notify }
    private enum KeyKeys: String, CodingKey { case Client, ID }
    private enum NotifyKeys: String, CodingKey { case Address, Payload }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(cid, forKey: .CID)
        try c.encode(size, forKey: .Size)
        if let k = verifiedAllocationKey {
            var kc = c.nestedContainer(keyedBy: KeyKeys.self, forKey: .VerifiedAllocationKey)
            try kc.encode(k.client, forKey: .Client)
            try kc.encode(k.id, forKey: .ID)
        } else {
            try c.encodeNil(forKey: .VerifiedAllocationKey)
        }
        var n = c.nestedUnkeyedContainer(forKey: .Notify)
        for item in notify {
            var nc = n.nestedContainer(keyedBy: NotifyKeys.self)
            try nc.encode(item.address.description, forKey: .Address)
            try nc.encode(Data(item.payload), forKey: .Payload)
        }
    }
}

extension SectorLocation: Encodable {
    private enum Keys: String, CodingKey { case URL, Local, Headers }
    private enum HeaderKeys: String, CodingKey { case Key, Value }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(url, forKey: .URL)
        try c.encode(local, forKey: .Local)
        var h = c.nestedUnkeyedContainer(forKey: .Headers)
        for header in headers {
            var hc = h.nestedContainer(keyedBy: HeaderKeys.self)
            try hc.encode(header.key, forKey: .Key)
            try hc.encode(header.value, forKey: .Value)
        }
    }
}

extension SectorLog: Encodable {
    private enum Keys: String, CodingKey { case Kind, Timestamp, Trace, Message }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kind, forKey: .Kind)
        try c.encode(timestamp, forKey: .Timestamp)
        try c.encode(trace, forKey: .Trace)
        try c.encode(message, forKey: .Message)
    }
}
