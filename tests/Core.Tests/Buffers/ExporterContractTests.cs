using Moq;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 1: export fails unless the exporter provides map, unmap and release.</summary>
public sealed class ExporterContractTests : LeakCheckedTest
{
    [Theory]
    [InlineData(DmaBufOperations.Unmap | DmaBufOperations.Release, DmaBufOperations.Map)]
    [InlineData(DmaBufOperations.Map | DmaBufOperations.Release | DmaBufOperations.Vmap, DmaBufOperations.Unmap)]
    [InlineData(DmaBufOperations.Map | DmaBufOperations.Unmap, DmaBufOperations.Release)]
    [InlineData(DmaBufOperations.None, DmaBufOperations.Required)]
    public void An_exporter_lacking_a_required_callback_is_refused_at_export(DmaBufOperations declared, DmaBufOperations missing)
    {
        var exporter = new Mock<DmaBufExporter>("partial");
        exporter.SetupGet(e => e.Operations).Returns(declared);

        var deferred = Assert.Throws<ExporterContractException>(() => ExportDeferred(TestDevices.Video(), callbacks: exporter.Object));
        var placement = Core.Negotiate(BufferRequest.ForSize(4096), [TestDevices.Video()]).GetPlacementOrThrow();
        var allocated = Assert.Throws<ExporterContractException>(() => Core.Allocate(placement, exporter: exporter.Object));

        Assert.Equal(missing, deferred.Missing);
        Assert.Equal(missing, allocated.Missing);
        Assert.Contains("'partial'", deferred.Message);
        Assert.Equal(0, Core.Accounting.LiveBuffers);
        Assert.Equal(Core.Heaps.Sum(h => h.Size), Core.Accounting.HeapUsage().Sum(h => h.FreeBytes));
    }

    [Fact]
    public void A_plain_subclass_provides_the_required_callbacks_and_exactly_the_optional_ones_it_overrides()
    {
        Assert.Equal(DmaBufOperations.Required | DmaBufOperations.Vmap, new VmapOnlyExporter().Operations);
        Assert.Equal(DmaBufOperations.All, new RecordingExporter().Operations);

        var buffer = ExportDeferred(TestDevices.Video(), callbacks: new VmapOnlyExporter());
        Assert.Equal("vmap-only", buffer.Exporter);
        buffer.Put();
    }

    private sealed class VmapOnlyExporter() : DmaBufExporter("vmap-only")
    {
        public override void Map(DmaBufMapping mapping)
        {
        }

        public override void Unmap(DmaBufMapping mapping)
        {
        }

        public override void Release(IDmaBuf buffer)
        {
        }

        public override void Vmap(IDmaBuf buffer)
        {
        }
    }
}
