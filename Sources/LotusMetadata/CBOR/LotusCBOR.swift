/// Building blocks shared by the lotus record codecs (cbor-gen conventions).
enum LotusCBOR {
    /// Tag 42 over `0x00 ‖ CID bytes` (the 0x00 is the multibase identity prefix).
    static func cid(_ cid: CID) -> CBOR { .tag(42, .bytes([0] + cid.bytes)) }

    static func cid(_ cid: CID?) -> CBOR { cid.map { Self.cid($0) } ?? .null }

    static func decodeCID(_ item: CBOR, _ field: String) throws(CBORError) -> CID {
        guard case .tag(42, .bytes(let raw)) = item else { throw CBORError("\(field): expected CID (tag 42)") }
        guard raw.first == 0 else { throw CBORError("\(field): CID lacks the 0x00 multibase prefix") }
        do {
            return try CID(bytes: Array(raw.dropFirst()))
        } catch {
            throw CBORError("\(field): \(error.message)")
        }
    }

    static func decodeOptionalCID(_ item: CBOR, _ field: String) throws(CBORError) -> CID? {
        item.isNull ? nil : try decodeCID(item, field)
    }
}

extension SectorPiece {
    var cbor: CBOR {
        .textMap([
            ("Piece", piece.cbor),
            ("DealInfo", dealInfo?.cbor ?? .null),
        ])
    }

    init(cbor: CBOR, field: String) throws(CBORError) {
        var piece: PieceInfo?
        var dealInfo: PieceDealInfo?
        for (key, value) in try cbor.fields(field) {
            switch key {
            case "Piece": piece = try PieceInfo(cbor: value, field: field + ".Piece")
            case "DealInfo": dealInfo = value.isNull ? nil : try PieceDealInfo(cbor: value, field: field + ".DealInfo")
            default: continue
            }
        }
        guard let piece else { throw CBORError("\(field): missing Piece") }
        self.init(piece: piece, dealInfo: dealInfo)
    }
}

extension PieceInfo {
    var cbor: CBOR { .array([.unsigned(size), LotusCBOR.cid(pieceCID)]) }

    init(cbor: CBOR, field: String) throws(CBORError) {
        let t = try cbor.tuple(field, count: 2)
        self.init(size: try t[0].uint(field + ".Size"), pieceCID: try LotusCBOR.decodeCID(t[1], field + ".PieceCID"))
    }
}

extension PieceDealInfo {
    var cbor: CBOR {
        .textMap([
            ("DealID", .unsigned(dealID)),
            ("PublishCid", LotusCBOR.cid(publishCid)),
            ("DealProposal", dealProposal?.cbor ?? .null),
            ("DealSchedule", dealSchedule.cbor),
            ("KeepUnsealed", .bool(keepUnsealed)),
            ("PieceActivationManifest", pieceActivationManifest?.cbor ?? .null),
        ])
    }

    init(cbor: CBOR, field: String) throws(CBORError) {
        self.init()
        for (key, value) in try cbor.fields(field) {
            let f = field + "." + key
            switch key {
            case "DealID": dealID = try value.uint(f)
            case "PublishCid": publishCid = try LotusCBOR.decodeOptionalCID(value, f)
            case "DealProposal": dealProposal = value.isNull ? nil : try DealProposal(cbor: value, field: f)
            case "DealSchedule": dealSchedule = try DealSchedule(cbor: value, field: f)
            case "KeepUnsealed": keepUnsealed = try value.boolean(f)
            case "PieceActivationManifest":
                pieceActivationManifest = value.isNull ? nil : try PieceActivationManifest(cbor: value, field: f)
            default: continue
            }
        }
    }
}

extension DealSchedule {
    var cbor: CBOR { .textMap([("EndEpoch", .int(endEpoch)), ("StartEpoch", .int(startEpoch))]) }

    init(cbor: CBOR, field: String) throws(CBORError) {
        self.init()
        for (key, value) in try cbor.fields(field) {
            switch key {
            case "StartEpoch": startEpoch = try value.int64(field + ".StartEpoch")
            case "EndEpoch": endEpoch = try value.int64(field + ".EndEpoch")
            default: continue
            }
        }
    }
}

extension DealProposal {
    var cbor: CBOR {
        let labelItem: CBOR = switch label {
        case .string(let s): .text(s)
        case .bytes(let b): .bytes(b)
        }
        return .array([
            LotusCBOR.cid(pieceCID), .unsigned(pieceSize), .bool(verifiedDeal),
            .bytes(client.bytes), .bytes(provider.bytes), labelItem,
            .int(startEpoch), .int(endEpoch),
            .bytes(storagePricePerEpoch.cborBytes), .bytes(providerCollateral.cborBytes), .bytes(clientCollateral.cborBytes),
        ])
    }

    init(cbor: CBOR, field: String) throws(CBORError) {
        let t = try cbor.tuple(field, count: 11)
        let label: Label = switch t[5] {
        case .text(let s): .string(s)
        case .bytes(let b): .bytes(b)
        default: throw CBORError("\(field).Label: expected text or bytes")
        }
        self.init(
            pieceCID: try LotusCBOR.decodeCID(t[0], field + ".PieceCID"),
            pieceSize: try t[1].uint(field + ".PieceSize"),
            verifiedDeal: try t[2].boolean(field + ".VerifiedDeal"),
            client: Address(bytes: try t[3].byteString(field + ".Client")),
            provider: Address(bytes: try t[4].byteString(field + ".Provider")),
            label: label,
            startEpoch: try t[6].int64(field + ".StartEpoch"),
            endEpoch: try t[7].int64(field + ".EndEpoch"),
            storagePricePerEpoch: try TokenAmount(cborBytes: t[8].byteString(field + ".StoragePricePerEpoch")),
            providerCollateral: try TokenAmount(cborBytes: t[9].byteString(field + ".ProviderCollateral")),
            clientCollateral: try TokenAmount(cborBytes: t[10].byteString(field + ".ClientCollateral"))
        )
    }
}

extension PieceActivationManifest {
    var cbor: CBOR {
        .array([
            LotusCBOR.cid(cid), .unsigned(size),
            verifiedAllocationKey.map { CBOR.array([.unsigned($0.client), .unsigned($0.id)]) } ?? .null,
            .array(notify.map { .array([.bytes($0.address.bytes), .bytes($0.payload)]) }),
        ])
    }

    init(cbor: CBOR, field: String) throws(CBORError) {
        let t = try cbor.tuple(field, count: 4)
        var key: VerifiedAllocationKey?
        if !t[2].isNull {
            let k = try t[2].tuple(field + ".VerifiedAllocationKey", count: 2)
            key = VerifiedAllocationKey(client: try k[0].uint(field + ".Client"), id: try k[1].uint(field + ".ID"))
        }
        var notify: [DataActivationNotification] = []
        for n in try t[3].items(field + ".Notify") {
            let p = try n.tuple(field + ".Notify[]", count: 2)
            notify.append(DataActivationNotification(
                address: Address(bytes: try p[0].byteString(field + ".Notify.Address")),
                payload: try p[1].byteString(field + ".Notify.Payload")))
        }
        self.init(cid: try LotusCBOR.decodeCID(t[0], field + ".CID"), size: try t[1].uint(field + ".Size"),
                  verifiedAllocationKey: key, notify: notify)
    }
}

extension SectorLocation {
    var cbor: CBOR {
        .textMap([
            ("URL", .text(url)),
            ("Local", .bool(local)),
            ("Headers", .array(headers.map { .textMap([("Key", .text($0.key)), ("Value", .text($0.value))]) })),
        ])
    }

    init(cbor: CBOR, field: String) throws(CBORError) {
        self.init()
        for (key, value) in try cbor.fields(field) {
            switch key {
            case "URL": url = try value.string(field + ".URL")
            case "Local": local = try value.boolean(field + ".Local")
            case "Headers":
                for h in try value.items(field + ".Headers") {
                    var header = Header(key: "", value: "")
                    for (k, v) in try h.fields(field + ".Headers[]") {
                        if k == "Key" { header.key = try v.string(field + ".Headers.Key") }
                        if k == "Value" { header.value = try v.string(field + ".Headers.Value") }
                    }
                    headers.append(header)
                }
            default: continue
            }
        }
    }
}

extension SectorLog {
    var cbor: CBOR {
        .textMap([("Kind", .text(kind)), ("Trace", .text(trace)), ("Message", .text(message)), ("Timestamp", .unsigned(timestamp))])
    }

    init(cbor: CBOR, field: String) throws(CBORError) {
        self.init()
        for (key, value) in try cbor.fields(field) {
            switch key {
            case "Kind": kind = try value.string(field + ".Kind")
            case "Trace": trace = try value.string(field + ".Trace")
            case "Message": message = try value.string(field + ".Message")
            case "Timestamp": timestamp = try value.uint(field + ".Timestamp")
            default: continue
            }
        }
    }
}
