namespace PluggableDmaBuf.Core.Allocation;

/// <summary>
/// The exporter fallback (design §4, central allocator absent): the request's exporter exports a
/// buffer without backing, placed at its first map from the heaps it can reach and the attachments
/// present then. A later attach that the placement cannot serve migrates or is refused (invariant 5).
/// </summary>
public sealed class ExporterAllocator(IDmaBufFactory factory, IDeviceRegistry devices) : IBufferAllocator
{
    public string Kind => "exporter";

    public IDmaBuf Allocate(BufferRequest request, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var exporter = request.Exporter ?? throw new InvalidConstraintException("exporter", "the exporter fallback needs the request to name its exporter");
        var device = devices.Find(exporter)?.Device
            ?? throw new InvalidConstraintException("exporter", $"device '{exporter}' is not registered by any plugin");
        return factory.Export(request, device, name);
    }

    public void Dispose()
    {
    }
}
