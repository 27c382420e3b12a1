using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Tests.Support;

/// <summary>A second core with other options inside a test, leak-checked when disposed.</summary>
internal sealed class CoreScope(DmaBufCoreOptions options, MemoryMap? map = null) : IDisposable
{
    public DmaBufCore Core { get; } = new(map ?? MemoryMap.NegotiateDefault, options);

    public void Dispose() => LeakCheckedTest.AssertNoLeaks(Core);
}
