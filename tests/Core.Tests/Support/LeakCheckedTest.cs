using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Tests.Support;

/// <summary>
/// Base class of every test that creates buffers: each test gets its own <see cref="DmaBufCore"/>
/// (strict, leak tracking on, real memfd storage) and fails if any buffer it exported is still alive
/// when it ends, naming the buffer and where it was exported.
/// </summary>
public abstract class LeakCheckedTest : IDisposable
{
    protected LeakCheckedTest(DmaBufCoreOptions? options = null, MemoryMap? map = null)
    {
        Core = new DmaBufCore(map ?? MemoryMap.NegotiateDefault, options ?? new DmaBufCoreOptions { Strict = true, TrackLeaks = true });
    }

    protected DmaBufCore Core { get; }

    /// <summary>Fails with the leak report when <paramref name="core"/> still has live buffers.</summary>
    public static void AssertNoLeaks(DmaBufCore core)
    {
        ArgumentNullException.ThrowIfNull(core);
        var leaks = core.Accounting.Leaks();
        if (leaks.Count > 0)
        {
            Assert.Fail($"{leaks.Count} buffer(s) leaked:{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}");
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            AssertNoLeaks(Core);
        }
    }

    /// <summary>A size-only buffer exported deferred by <paramref name="exporter"/>.</summary>
    protected IDmaBuf ExportDeferred(DeviceDescription exporter, long size = 1 << 20, string? name = null, DmaBufExporter? callbacks = null) =>
        Core.Export(BufferRequest.ForSize(size, exporter.Name), exporter, name, callbacks);

    /// <summary>A buffer placed at once where the engine places it for <paramref name="devices"/>.</summary>
    protected IDmaBuf AllocateFor(long size, params DeviceDescription[] devices)
    {
        var placement = Core.Negotiate(BufferRequest.ForSize(size, devices[0].Name), devices).GetPlacementOrThrow();
        return Core.Allocate(placement);
    }

    /// <summary>Fills the buffer with a recognisable pattern through a CPU write access.</summary>
    protected static void WritePattern(IDmaBuf buffer, byte seed)
    {
        using var access = buffer.BeginCpuAccess(CpuAccessMode.Write);
        var span = access.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (byte)(seed + i * 7);
        }
    }

    /// <summary>Whether the buffer still holds <see cref="WritePattern"/>'s pattern.</summary>
    protected static bool HasPattern(IDmaBuf buffer, byte seed)
    {
        using var access = buffer.BeginCpuAccess(CpuAccessMode.Read);
        var span = access.ReadOnlySpan;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] != (byte)(seed + i * 7))
            {
                return false;
            }
        }

        return true;
    }
}
