/// This swarmtop's version, as `--version` prints it and recordings carry it.
public enum SwarmtopVersion {
    public static let current = "0.1.0"
}
