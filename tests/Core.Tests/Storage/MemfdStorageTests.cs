using System.Runtime.InteropServices;
using PluggableDmaBuf.Core.Interop;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Tests.Storage;

public sealed unsafe class MemfdStorageTests
{
    [Fact]
    public void A_memfd_is_sealed_against_shrinking_and_growing()
    {
        var storage = MemfdStorage.Create("sealed", 1 << 20);
        try
        {
            Assert.Equal(LibC.FSealShrink | LibC.FSealGrow, storage.Seals & (LibC.FSealShrink | LibC.FSealGrow));
            Assert.NotEqual(0, LibC.Ftruncate(storage.Handle, 2 << 20));
            Assert.Equal(1 /* EPERM */, Marshal.GetLastPInvokeError());
            Assert.NotEqual(0, LibC.Ftruncate(storage.Handle, 4096));
        }
        finally
        {
            storage.Release();
        }
    }

    [Fact]
    public void A_memfd_starts_zeroed_and_holds_what_is_written()
    {
        var storage = MemfdStorage.Create("bytes", 64 << 10);
        try
        {
            Assert.True(storage.Span(0, 64 << 10).IndexOfAnyExcept((byte)0) < 0);
            storage.Span(4096, 3).Fill(0xAB);

            Assert.Equal(new byte[] { 0, 0xAB, 0xAB, 0xAB, 0 }, storage.Span(4095, 5).ToArray());
            Assert.Equal(StorageKind.Memfd, storage.Kind);
        }
        finally
        {
            storage.Release();
        }
    }

    [Fact]
    public void A_second_mapping_of_the_memfd_shares_the_same_pages()
    {
        var storage = MemfdStorage.Create("alias", 8192);
        try
        {
            var alias = storage.MapAlias();
            Assert.True(alias != storage.Pointer);
            alias[5000] = 42;
            Assert.Equal(42, storage.Span(5000, 1)[0]);
            storage.UnmapAlias(alias);
        }
        finally
        {
            storage.Release();
        }
    }

    [Fact]
    public void Release_closes_the_descriptor_exactly_once()
    {
        var name = ProcSelf.UniqueName("once");
        var storage = MemfdStorage.Create(name, 4096);
        var handle = storage.Handle;
        Assert.Equal([storage.FileDescriptor], ProcSelf.Descriptors(name));

        storage.Release();
        storage.Release();

        Assert.True(storage.IsReleased);
        Assert.True(handle.IsClosed);
        Assert.Empty(ProcSelf.Descriptors(name));
        Assert.Equal(0, ProcSelf.Mappings(name));
        Assert.Throws<ObjectDisposedException>(() => storage.Span(0, 1));
    }
}
