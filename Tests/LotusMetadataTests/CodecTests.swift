import LotusMetadata
import Testing

@Suite(.tags(.fast)) struct CIDTests {
    @Test func commitmentAndMessagePrefixes() throws {
        let commD = try CID(string: "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq")
        #expect(commD.isCommD && !commD.isCommR)
        #expect(Array(commD.bytes.prefix(7)) == [0x01, 0x81, 0xE2, 0x03, 0x92, 0x20, 0x20])
        #expect(commD.bytes.count == 39)
        #expect(commD.description == "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq")

        let commR = try CID(string: "bagboea4b5abcbp7kgg6et2bfybw3o7m7ia54h66qo62fgmevmhufc36xc2q3x2ap")
        #expect(commR.isCommR)
        #expect(Array(commR.bytes.prefix(8)) == [0x01, 0x82, 0xE2, 0x03, 0x81, 0xE8, 0x02, 0x20])
        #expect(commR.bytes.count == 40)

        let message = try CID(string: "bafy2bzaceb3vgtibiewhbkwcppphq6dvhup3yg4bf6vkrsf62qoc6pxtsieia")
        #expect(message.isChainMessage)
        #expect(Array(message.bytes.prefix(6)) == [0x01, 0x71, 0xA0, 0xE4, 0x02, 0x20])
        #expect(message.bytes.count == 38)
        #expect(message.description == "bafy2bzaceb3vgtibiewhbkwcppphq6dvhup3yg4bf6vkrsf62qoc6pxtsieia")

        // damocles' venus-messager UIDs: raw codec, blake2b-512 — not chain messages.
        let uid = try CID(string: "bafk4bzaciax36jbpgstk7lslumgmtfkcqujjhe6spqx2tjikjvnhlq3r3pevfkk5f4ixper3lcf7wpie5nzqyc5tlm7smib72kpn6of7wbpuji37")
        #expect(uid.codec == 0x55 && uid.hashCode == 0xB240 && uid.digest.count == 64)
        #expect(!uid.isChainMessage)
    }

    @Test func cidV0Base58() throws {
        // damocles' "undef" placeholder: sha256("undef") as a CIDv0.
        let cid = try CID(string: "QmSGwDTT9CSKi1yXveLvqZAgyCCx9maA7qVwjy6WsYxQdN")
        #expect(cid.version == 0)
        #expect(cid.bytes == [UInt8](hex: "12203a7b1681045c78f45696d8bcf69c24ddb61ed47987782a24d66d432a3b6fc101"))
        #expect(cid.description == "QmSGwDTT9CSKi1yXveLvqZAgyCCx9maA7qVwjy6WsYxQdN")
        #expect(!cid.isChainMessage)
    }

    @Test(arguments: ["", "bafy", "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mp",
                      "zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA", "b!!!", "Qm0000000000000000000000000000000000000000000",
                      "baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpqaa"])
    func malformedCIDsAreRejected(text: String) {
        #expect(throws: CBORError.self) { try CID(string: text) }
    }

    @Test func varints() {
        #expect(Uvarint.encode(0) == [0])
        #expect(Uvarint.encode(127) == [0x7F])
        #expect(Uvarint.encode(128) == [0x80, 0x01])
        #expect(Uvarint.encode(1003) == [0xEB, 0x07])
        #expect(Uvarint.encode(UInt64.max).count == 10)
        #expect(Uvarint.decodeExact(Uvarint.encode(UInt64.max)) == UInt64.max)
        #expect(Uvarint.decodeExact([0x80]) == nil)
        #expect(Uvarint.decodeExact([0x01, 0x00]) == nil)
    }

    @Test func tokenAmounts() throws {
        #expect(try TokenAmount(decimal: "0").cborBytes == [])
        #expect(try TokenAmount(decimal: "256").cborBytes == [0x00, 0x01, 0x00])
        #expect(try TokenAmount(decimal: "-1").cborBytes == [0x01, 0x01])
        let big = try TokenAmount(decimal: "51234567890123456789")
        #expect(big.description == "51234567890123456789")
        #expect(try TokenAmount(cborBytes: big.cborBytes) == big)
        #expect(throws: CBORError.self) { try TokenAmount(decimal: "1e5") }
        #expect(throws: CBORError.self) { try TokenAmount(cborBytes: [0x02, 0x01]) }
    }

    @Test func idAddresses() throws {
        #expect(try Address(idString: "f01000").bytes == [0x00, 0xE8, 0x07])
        #expect(try Address(idString: "t01000") == Address(actorID: 1000))
        #expect(try Address(idString: "1000").description == "f01000")
        #expect(throws: CBORError.self) { try Address(idString: "f1abc") }
    }
}

@Suite(.tags(.fast)) struct RLEPlusTests {
    @Test func goBitfieldReferenceVector() throws {
        // go-bitfield rle/rleplus_test.go TestDecode: the Rust reference encoding plus version bits.
        let set: [UInt64] = [0, 2, 4, 5, 6] + Array(11...27)
        #expect(RLEPlus.encode(Bitfield(set)) == [124, 71, 34, 2])
        #expect(try RLEPlus.decode([124, 71, 34, 2]) == Bitfield(set))
    }

    @Test func documentedJSONRunForms() {
        #expect(Bitfield([0, 1, 2, 8, 9]).jsonRuns == [0, 3, 5, 2])
        #expect(Bitfield([5]).jsonRuns == [5, 1])
        #expect(Bitfield().jsonRuns == [0])
    }

    @Test func smallAndLargeRuns() throws {
        // {5}: version 00, first run is zeros, "01"+0101 (5), "1" (1) → bits 0000 1101 01.
        #expect(RLEPlus.encode(Bitfield([5])) == [0xB0, 0x02])
        #expect(RLEPlus.encode(Bitfield()) == [])
        #expect(try RLEPlus.decode([]) == Bitfield())
        #expect(try RLEPlus.decode([0x00]) == Bitfield())
        for set in [Bitfield(ranges: [0..<1_000_001]), Bitfield(ranges: [0..<1, 3..<20, 1_000..<1_002, 1 << 40 ..< (1 << 40) + 300]),
                    Bitfield([1]), Bitfield(ranges: [16..<32])] {
            let bytes = RLEPlus.encode(set)
            #expect(bytes.last != 0, "not minimally encoded: \(bytes)")
            #expect(try RLEPlus.decode(bytes) == set)
        }
        #expect(throws: CBORError.self) { try RLEPlus.decode([0x01]) }  // version 1
    }

    @Test func bitfieldSetOperations() {
        var b = Bitfield([3, 1, 2, 10])
        #expect(b.ranges == [1..<4, 10..<11])
        b.insert(0..<12)
        #expect(b.ranges == [0..<12])
        #expect(b.firstClear == 12)
        #expect(Bitfield([1, 2]).firstClear == 0)
        #expect(Bitfield([1, 2]).union(Bitfield([0, 7])).description == "0-2, 7")
        #expect(b.count == 12 && b.contains(11) && !b.contains(12))
    }
}
