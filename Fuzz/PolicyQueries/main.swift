import CFuzzerDriver

#if canImport(Glibc)
import Glibc
#endif

// libFuzzer parses its own flags from argv and calls fuzzPolicyQueries for every input.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzPolicyQueries))
