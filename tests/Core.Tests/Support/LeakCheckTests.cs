using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;
using Xunit.Sdk;

namespace PluggableDmaBuf.Core.Tests.Support;

public sealed class LeakCheckTests
{
    [Fact]
    public void The_fixture_fails_a_test_that_leaves_a_buffer_alive_and_says_where_it_was_exported()
    {
        var core = new DmaBufCore(MemoryMap.NegotiateDefault, new DmaBufCoreOptions { TrackLeaks = true });
        var buffer = core.Export(BufferRequest.ForSize(4096), TestDevices.Video(), "forgotten");

        var failure = Assert.Throws<FailException>(() => LeakCheckedTest.AssertNoLeaks(core));

        Assert.Contains("'forgotten'", failure.Message);
        Assert.Contains(nameof(The_fixture_fails_a_test_that_leaves_a_buffer_alive_and_says_where_it_was_exported), failure.Message);
        buffer.Put();
        LeakCheckedTest.AssertNoLeaks(core);
    }
}
