namespace PluggableDmaBuf.Core.Allocation;

/// <summary>
/// The exporter fallback (design §4, central allocator absent): the request's exporter exports a
/// buffer without backing, laid out for the exporter and the participants the request names, placed
/// at its first map from the heaps it can reach and the attachments present then. Unlike the central
/// allocator it knows nothing of potential consumers: a later attach that the placement cannot serve
/// migrates or is refused (invariant 5).
/// </summary>
public sealed class ExporterAllocator(IDmaBufFactory factory, IDeviceRegistry devices) : IBufferAllocator
{
    public string Kind => "exporter";

    public IDmaBuf Allocate(BufferRequest request, string? name = null, DmaBufExporter? exporter = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var exporterName = request.Exporter ?? throw new InvalidConstraintException("exporter", "the exporter fallback needs the request to name its exporter");
        var device = devices.Find(exporterName)?.Device
            ?? throw new InvalidConstraintException("exporter", $"device '{exporterName}' is not registered by any plugin");
        var importers = request.Participants
            .Select(p => devices.Find(p)?.Device ?? throw new InvalidConstraintException("participants", $"device '{p}' is not registered by any plugin"))
            .ToArray();
        return factory.Export(request, device, name, exporter, importers);
    }

    public void Dispose()
    {
    }
}
