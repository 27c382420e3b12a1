namespace PluggableDmaBuf.Integration.Tests.Pipeline.Support;

/// <summary>The clone the tests were built from.</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>PluggableDmaBuf.sln</c>, above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PluggableDmaBuf.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository root (PluggableDmaBuf.sln) is not above the test assembly");
    }
}
