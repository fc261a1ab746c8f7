fn main() -> std::process::ExitCode {
    cavra::commands::main()
}
