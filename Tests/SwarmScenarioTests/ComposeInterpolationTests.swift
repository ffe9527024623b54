import Testing
@testable import SwarmScenario

@Suite struct ComposeInterpolationTests {
    private let env = ["TAG": "1.25", "EMPTY": "", "HOST": "registry.example.com"]

    private func interpolate(_ text: String) throws -> String {
        try ComposeInterpolation.interpolate(text, environment: env)
    }

    @Test func namesAndBracedNamesAreReplaced() throws {
        #expect(try interpolate("image: $HOST/api:${TAG}") == "image: registry.example.com/api:1.25")
        #expect(try interpolate("a: ${UNSET}$UNSET.") == "a: .")
    }

    @Test func defaultsAppliesWhenUnsetOrWithAColonWhenEmpty() throws {
        #expect(try interpolate("${UNSET:-x} ${UNSET-x} ${EMPTY:-x} ${EMPTY-x} ${TAG:-x}") == "x x x  1.25")
    }

    @Test func alternativesApplyWhenSet() throws {
        #expect(try interpolate("${TAG:+set} ${EMPTY:+set} ${EMPTY+set} ${UNSET+set}") == "set  set ")
    }

    @Test func defaultsMayHoldSubstitutions() throws {
        #expect(try interpolate("${UNSET:-$HOST/${TAG}}") == "registry.example.com/1.25")
    }

    @Test func doubleDollarIsALiteralDollarAndOtherDollarsStay() throws {
        #expect(try interpolate("cost: $$5 and $5 and $ and $") == "cost: $5 and $5 and $ and $")
    }

    @Test func aBraceThatStartsNoSubstitutionFails() {
        #expect(throws: ComposeInterpolation.Problem.malformed(offset: 2)) { try interpolate("a ${1}") }
        #expect(throws: ComposeInterpolation.Problem.malformed(offset: 0)) { try interpolate("${TAG x}") }
    }

    @Test func requiredVariablesThatAreUnsetFail() throws {
        #expect(throws: ComposeInterpolation.Problem.required(name: "UNSET", message: "give it", offset: 3)) {
            try interpolate("ab ${UNSET:?give it}")
        }
        #expect(throws: ComposeInterpolation.Problem.required(name: "EMPTY", message: "", offset: 0)) {
            try interpolate("${EMPTY:?}")
        }
        #expect(try interpolate("${EMPTY?}") == "")
    }

    @Test func anUnclosedBraceFails() {
        #expect(throws: ComposeInterpolation.Problem.unclosed(offset: 2)) { try interpolate("x ${TAG") }
        #expect(throws: ComposeInterpolation.Problem.unclosed(offset: 0)) { try interpolate("${TAG:-abc") }
        #expect(throws: ComposeInterpolation.Problem.unclosed(offset: 0)) { try interpolate("${TAG\n}") }
    }
}
