/// The version of the Quarry library and tool, as `quarry --version` prints it.
public enum QuarryVersion {
    /// The release version, `MAJOR.MINOR.PATCH`.
    public static let current = "0.9.0"
}
