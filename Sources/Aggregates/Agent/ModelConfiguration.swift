/// How an agent talks to its language model (`ConfigureModel.config`, `ModelConfigured.config`).
/// The numeric fields are required on the wire, as in the reference; `stop_sequences` and
/// `system_prompt` default to empty. Ranges are the aggregate's rule (see `Agent.checkModel`),
/// not the type's: any value can be built and decoded, and `decide` refuses it naming the field.
public struct ModelConfiguration: Hashable, Sendable {
    /// The chat backend. Only `mock` answers in this runtime (see `MockChatResponse`).
    public enum Provider: String, Hashable, Sendable, CaseIterable {
        case openAI = "openai"
        case anthropic
        case ollama
        case mock
    }

    public var provider: Provider
    public var modelName: String
    public var apiEndpoint: String?
    /// 0…2.
    public var temperature: Double
    /// 0…1.
    public var topP: Double
    public var maxTokens: Int
    public var frequencyPenalty: Double
    public var presencePenalty: Double
    public var stopSequences: [String]
    public var systemPrompt: String

    public init(
        provider: Provider, modelName: String, apiEndpoint: String? = nil, temperature: Double = 0.7, topP: Double = 1,
        maxTokens: Int = 4096, frequencyPenalty: Double = 0, presencePenalty: Double = 0, stopSequences: [String] = [],
        systemPrompt: String = ""
    ) {
        self.provider = provider
        self.modelName = modelName
        self.apiEndpoint = apiEndpoint
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.stopSequences = stopSequences
        self.systemPrompt = systemPrompt
    }
}
