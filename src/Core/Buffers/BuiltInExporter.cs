namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The exporter of buffers the framework creates on its own behalf: heap allocations (named after
/// the heap, like Linux's dma-heap exporters) and deferred exports without a plugin exporter (named
/// after the exporting device). Everything it would do — placement, tables, storage — the framework
/// already does, so its callbacks have nothing to add.
/// </summary>
internal sealed class BuiltInExporter(string name) : DmaBufExporter(name)
{
    public override DmaBufOperations Operations => DmaBufOperations.Required;

    public override void Map(DmaBufMapping mapping)
    {
    }

    public override void Unmap(DmaBufMapping mapping)
    {
    }

    public override void Release(IDmaBuf buffer)
    {
    }
}
