import Testing

@testable import Pipeline

@Suite struct ServiceAPIConfigurationTests {
    @Test(arguments: [
        "0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0-x.7.z.92",
        "1.0.0-x-y-z.--", "1.0.0-alpha+001", "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85", "1.0.0+21AF26D3---117B344092BD",
    ])
    func validVersions(_ version: String) {
        #expect(SemanticVersion.isValid(version))
    }

    @Test(arguments: [
        "", "1", "1.2", "1.2.3.4", "01.1.1", "1.01.1", "1.1.01", "1.2.3-", "1.2.3+", "1.2.3-01", "1.2.3-alpha..1",
        "1.2.3+build..1", "v1.2.3", "1.2.3-al$pha", "1.2.3+bu_ild", " 1.2.3", "a.b.c", "-1.2.3",
    ])
    func invalidVersions(_ version: String) {
        #expect(!SemanticVersion.isValid(version))
    }

    @Test func namesAreLettersDigitsUnderscoresAndDashes() throws {
        #expect(ServiceAPIConfiguration.isValidName("person-service_2"))
        for bad in ["", "a.b", "a b", "a*", "a>", "é", "$SRV"] {
            #expect(!ServiceAPIConfiguration.isValidName(bad), "\(bad)")
            #expect(throws: ServiceAPIError.self) { try ServiceAPIConfiguration(name: bad, version: "1.0.0").validate() }
        }
        try ServiceAPIConfiguration(name: "person", version: "1.0.0").validate()
    }

    @Test func invalidConfigurationsNameTheProblem() {
        func code(_ configuration: ServiceAPIConfiguration) -> ServiceAPIError.Code? {
            do {
                try configuration.validate()
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(ServiceAPIConfiguration(name: "p", version: "1.0")) == .invalidVersion)
        let endpoint = ServiceEndpoint(name: "commands", subject: "person.commands.>")
        #expect(code(ServiceAPIConfiguration(name: "p", version: "1.0.0", endpoints: [endpoint])) == nil)
        #expect(code(ServiceAPIConfiguration(name: "p", version: "1.0.0", endpoints: [endpoint, endpoint])) == .invalidEndpoint)
        let badName = ServiceEndpoint(name: "com.mands", subject: "a")
        let badSubject = ServiceEndpoint(name: "c", subject: "a b")
        let badQueue = ServiceEndpoint(name: "c", subject: "a", queueGroup: "q q")
        for bad in [badName, badSubject, badQueue] {
            #expect(code(ServiceAPIConfiguration(name: "p", version: "1.0.0", endpoints: [bad])) == .invalidEndpoint, "\(bad)")
        }
        #expect(endpoint.queueGroup == "q")
    }

    @Test func instanceIDsAreNUIDShaped() {
        var ids = Set<String>()
        for _ in 0..<1000 {
            let id = ServiceInstanceID.generate()
            #expect(id.utf8.count == 22)
            #expect(id.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) })
            ids.insert(id)
        }
        #expect(ids.count == 1000)
        #expect(ServiceInstanceID.isValid("abc_DEF-123"))
        #expect(!ServiceInstanceID.isValid("a.b"))
    }
}
