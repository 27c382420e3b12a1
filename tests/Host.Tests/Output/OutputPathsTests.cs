using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Output;

namespace PluggableDmaBuf.Host.Tests.Output;

/// <summary>
/// <c>--out</c> and <c>--report</c> are checked before a run by trying what the run will do and
/// undoing it: a path that cannot work is one line naming it and the cause, and nothing is left
/// behind either way.
/// </summary>
public sealed class OutputPathsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pdmabuf-outputs-").FullName;

    [Theory]
    [InlineData("/proc/pdmabuf-x", "/proc/pdmabuf-x: cannot be used as the output folder (--out): cannot create /proc/pdmabuf-x: ")]
    [InlineData("/dev/null/x", "/dev/null/x: cannot be used as the output folder (--out): /dev/null is not a folder")]
    [InlineData("/dev/null", "/dev/null: cannot be used as the output folder (--out): it is not a folder")]
    public void An_out_folder_that_cannot_be_made_is_refused(string path, string expected)
    {
        var e = Assert.Throws<BadInputException>(() => OutputPaths.CheckOutFolder(path));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_creatable_out_folder_is_checked_and_not_left_behind()
    {
        var path = Path.Combine(_folder, "a", "b", "out");

        OutputPaths.CheckOutFolder(path);

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void An_existing_out_folder_keeps_its_files_and_gets_no_new_ones()
    {
        File.WriteAllText(Path.Combine(_folder, "kept.png"), "x");

        OutputPaths.CheckOutFolder(_folder);

        Assert.Equal(["kept.png"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("/proc/pdmabuf-y/report.json", "cannot create /proc/pdmabuf-y: ")]
    [InlineData("/dev/null/report.json", "/dev/null is not a folder")]
    [InlineData("/tmp", "it is a folder")]
    public void A_report_that_cannot_be_written_is_refused(string path, string expected)
    {
        var e = Assert.Throws<BadInputException>(() => OutputPaths.CheckReportFile(path));

        Assert.StartsWith($"{path}: cannot be used as the report file (--report): {expected}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_report_is_checked_without_leaving_the_file_or_its_folders()
    {
        OutputPaths.CheckReportFile(Path.Combine(_folder, "x", "y", "report.json"));

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void An_existing_report_is_left_as_it_is_until_the_end()
    {
        var path = Path.Combine(_folder, "report.json");
        File.WriteAllText(path, "old");

        OutputPaths.CheckReportFile(path);

        Assert.Equal("old", File.ReadAllText(path));
    }

    [Fact]
    public void A_device_as_the_report_is_left_to_the_end_and_a_failed_write_names_the_file_and_cause()
    {
        OutputPaths.CheckReportFile("/dev/full");

        Assert.Equal("/dev/full: cannot write the report: no space left on device", OutputPaths.TryWriteReport("/dev/full", "{}"));
        Assert.Null(OutputPaths.TryWriteReport(Path.Combine(_folder, "r", "report.json"), "{}"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
