import Aggregates
import Testing

@Suite struct AgentCodecErrorTests {
    typealias C = AgentCodecFixture

    @Test(arguments: [
        (C.deployExample.replacing(C.sage, with: "not-a-uuid"), "agent_id"),
        (C.activateExample.replacing(#""\#(C.sage)""#, with: #"{"id":"\#(C.sage)"}"#), "agent_id"),
        (C.deployExample.replacing(C.ada, with: C.ada.replacing("-", with: "")), "person_id"),
        (C.deployExample.replacing(#""sage""#, with: "null"), "name"),
        (C.deployExample.replacing(#""opt""#, with: "7"), "description"),
        (#"{"type":7,"agent_id":"\#(C.sage)"}"#, "type"),
        (C.configureExample.replacing(#""temperature":0.7"#, with: #""temperature":"hot""#), "config.temperature"),
        (C.configureExample.replacing(#""temperature":0.7"#, with: #""temperature":1e400"#), "config.temperature"),
        (C.configureExample.replacing(#""top_p":1.0"#, with: #""top_p":null"#), "config.top_p"),
        (C.configureExample.replacing(#""provider":"ollama""#, with: #""provider":"gpt""#), "config.provider"),
        (C.configureExample.replacing(#""max_tokens":4096"#, with: #""max_tokens":-1"#), "config.max_tokens"),
        (C.configureExample.replacing(#""max_tokens":4096"#, with: #""max_tokens":4294967296"#), "config.max_tokens"),
        (C.configureExample.replacing(#""max_tokens":4096"#, with: #""max_tokens":1.5"#), "config.max_tokens"),
        (C.configureExample.replacing(#""stop_sequences":[]"#, with: #""stop_sequences":["a",1]"#), "config.stop_sequences[1]"),
        (C.configureExample.replacing(#""stop_sequences":[]"#, with: #""stop_sequences":"END""#), "config.stop_sequences"),
        (C.configureExample.replacing(#""system_prompt":"""#, with: #""system_prompt":false"#), "config.system_prompt"),
        (C.configureExample.replacing(#""api_endpoint":"http://localhost:11434""#, with: #""api_endpoint":[]"#), "config.api_endpoint"),
        (C.configureExample.replacing(#""config":{"#, with: #""config":[{"#).replacing("}}", with: "}]}"), "config"),
        (C.suspendExample.replacing(#""maintenance""#, with: "false"), "reason"),
        (C.sendExample.replacing(C.m1, with: "message-1"), "message_id"),
        (C.sendExample.replacing(#""content":"hi""#, with: #""content":["hi"]"#), "content"),
    ])
    func invalidFieldsAreNamedByTheirPath(json: String, field: String) {
        let error = C.failure(json)
        #expect(error?.code == .invalidField, "\(json)")
        #expect(error?.field == field, "\(json)")
    }

    @Test(arguments: [
        (C.deployExample.replacing(#""agent_id":"\#(C.sage)","#, with: ""), "agent_id"),
        (C.deployExample.replacing(#""person_id":"\#(C.ada)","#, with: ""), "person_id"),
        (C.deployExample.replacing(#""name":"sage","#, with: ""), "name"),
        (C.configureExample.replacing(#","config":\#(C.llamaJSON)"#, with: ""), "config"),
        (C.configureExample.replacing(#""provider":"ollama","#, with: ""), "config.provider"),
        (C.configureExample.replacing(#""model_name":"llama2","#, with: ""), "config.model_name"),
        (C.configureExample.replacing(#""temperature":0.7,"#, with: ""), "config.temperature"),
        (C.configureExample.replacing(#""top_p":1.0,"#, with: ""), "config.top_p"),
        (C.configureExample.replacing(#""max_tokens":4096,"#, with: ""), "config.max_tokens"),
        (C.configureExample.replacing(#""frequency_penalty":0.0,"#, with: ""), "config.frequency_penalty"),
        (C.configureExample.replacing(#""presence_penalty":0.0,"#, with: ""), "config.presence_penalty"),
        (C.suspendExample.replacing(#","reason":"maintenance""#, with: ""), "reason"),
        (C.sendExample.replacing(#""message_id":"\#(C.m1)","#, with: ""), "message_id"),
        (C.sendExample.replacing(#""content":"hi","#, with: ""), "content"),
    ])
    func missingFieldsAreNamedByTheirPath(json: String, field: String) {
        let error = C.failure(json)
        #expect(error?.code == .missingField, "\(json)")
        #expect(error?.field == field, "\(json)")
    }

    @Test(arguments: ["[]", #""DeployAgent""#, "null", "", "not json", #"{"type":"#, C.deployExample + " trailing", #"{"a":1,"a":2}"#])
    func anythingButOneObjectIsMalformed(json: String) {
        let error = C.failure(json, subject: "agent.commands.deploy")
        #expect(error?.code == .malformedJSON, "\(json)")
        #expect(error?.field == nil)
    }

    @Test func contextIsIgnoredWhateverItHolds() {
        for context in ["null", "7", #"{"x":1}"#, "[]"] {
            let json = C.sendExample.replacing(#/"context":\[.*\]/#, with: #""context":\#(context)"#)
            #expect(C.command(json) == .sendMessage(agentID: AgentFixture.sage, messageID: AgentFixture.m1, content: "hi"), "\(context)")
        }
    }
}
