namespace PluggableDmaBuf.Testing.Tests.Support;

/// <summary>A small pooling central allocator, with switches that break one rule each.</summary>
internal sealed class SimpleCentralAllocator(IDmaBufFactory factory, INegotiator negotiator, IDeviceRegistry devices, bool potentialConsumers = true,
    bool recycleHeld = false, bool dropOnDispose = true, bool keepExporter = true) : IBufferAllocator
{
    private readonly List<(IDmaBuf Buffer, DmaBufExporter? Exporter, string Layout)> _pool = [];

    public string Kind => "central";

    public IDmaBuf Allocate(BufferRequest request, string? name = null, DmaBufExporter? exporter = null)
    {
        var names = new[] { request.Exporter }.OfType<string>().Concat(request.Participants).Distinct().ToList();
        var participants = names.Select(n => devices.Find(n)?.Device
            ?? throw new InvalidConstraintException("participants", $"device '{n}' is not registered")).ToList();
        if (potentialConsumers)
        {
            participants.AddRange(devices.Devices.Select(r => r.Device)
                .Where(d => !names.Contains(d.Name) && request.Usage.Any(d.HasUsage)));
        }

        var placement = negotiator.Negotiate(request, participants, factory.Heaps, factory.LargestFreeBlock).GetPlacementOrThrow();
        var layout = placement.ToString();
        lock (_pool)
        {
            foreach (var (buffer, owner, key) in _pool)
            {
                if (key == layout && owner == exporter && !buffer.IsReleased && (recycleHeld || buffer.ReferenceCount == 1))
                {
                    buffer.Get();
                    return buffer;
                }
            }

            var made = factory.Allocate(placement, name, keepExporter ? exporter : null);
            made.Get();
            _pool.Add((made, exporter, layout));
            return made;
        }
    }

    public void Dispose()
    {
        if (!dropOnDispose)
        {
            return;
        }

        lock (_pool)
        {
            foreach (var (buffer, _, _) in _pool.Where(p => !p.Buffer.IsReleased))
            {
                buffer.Put();
            }

            _pool.Clear();
        }
    }
}
