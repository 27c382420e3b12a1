using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Accounting;

/// <summary>Leak reports: every buffer never released, with where it was exported when tracking is on.</summary>
public sealed class LeakReportTests : LeakCheckedTest
{
    [Fact]
    public void A_leak_report_names_the_buffer_and_the_code_that_exported_it()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 4096, "never-put");
        var attachment = buffer.Attach(TestDevices.Gpu());

        var leak = Assert.Single(Core.Accounting.Leaks());

        Assert.Equal("never-put", leak.Buffer.Name);
        Assert.Contains(nameof(A_leak_report_names_the_buffer_and_the_code_that_exported_it), leak.ExportedAt);
        Assert.Contains("'never-put'", leak.ToString());
        Assert.Contains("attached to [gpu0]", leak.ToString());
        attachment.Detach();
        buffer.Put();
        Assert.Empty(Core.Accounting.Leaks());
    }

    [Fact]
    public void Without_tracking_leaks_are_still_listed_but_without_a_stack_trace()
    {
        using var scope = new CoreScope(new DmaBufCoreOptions { TrackLeaks = false });
        var buffer = scope.Core.Export(BufferRequest.ForSize(4096), TestDevices.Video());

        var leak = Assert.Single(scope.Core.Accounting.Leaks());

        Assert.Null(leak.ExportedAt);
        buffer.Put();
    }
}
