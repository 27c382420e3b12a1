using Microsoft.Extensions.Logging;

namespace PluggableDmaBuf.Plugins.CentralAllocator.Allocation;

/// <summary>
/// Negotiates every buffer over its participants <i>and</i> every registered device that declares
/// one of the request's usages — the potential consumers, as gralloc ORs consumer usage bits — so a
/// device that attaches late finds the buffer already where it can reach it. Allocates from the
/// chosen heap through the core's factory (the merge rules live in the core's engine, resolved as
/// <see cref="INegotiator"/>), and pools buffers by negotiated layout: a pooled buffer nobody else
/// holds a reference to is handed out again instead of allocating.
/// </summary>
/// <remarks>Thread safe. Disposing drops the pool's references; buffers still held elsewhere live on until their holders drop them.</remarks>
internal sealed partial class CentralBufferAllocator(IDmaBufFactory factory, INegotiator negotiator, IDeviceRegistry devices,
    ILogger<CentralBufferAllocator> logger) : IBufferAllocator
{
    private readonly Dictionary<PoolKey, List<IDmaBuf>> _pool = [];
    private readonly Lock _lock = new();
    private bool _disposed;

    public string Kind => "central";

    /// <summary>Buffers created so far (not counting recycled hand-outs).</summary>
    public int Created { get; private set; }

    /// <summary>Hand-outs served from the pool.</summary>
    public int Recycled { get; private set; }

    public IDmaBuf Allocate(BufferRequest request, string? name = null, DmaBufExporter? exporter = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var participants = Participants(request);
        var result = negotiator.Negotiate(request, participants, factory.Heaps, factory.LargestFreeBlock);
        var placement = result.GetPlacementOrThrow();
        LogPlaced(logger, request.ToString(), string.Join(", ", participants.Select(d => d.Name)), placement.ToString());
        var key = PoolKey.Of(placement, exporter);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_pool.TryGetValue(key, out var buffers))
            {
                _pool[key] = buffers = [];
            }

            foreach (var pooled in buffers)
            {
                // Only the pool's reference left: nobody uses it, and nobody else can take it (they would come through here).
                if (!pooled.IsReleased && pooled.ReferenceCount == 1)
                {
                    pooled.Get();
                    Recycled++;
                    return pooled;
                }
            }

            var buffer = factory.Allocate(placement, name, exporter);
            buffer.Get();
            buffers.Add(buffer);
            Created++;
            return buffer;
        }
    }

    /// <summary>The request's exporter and participants, then the potential consumers of its usages, in registration order.</summary>
    internal List<DeviceDescription> Participants(BufferRequest request)
    {
        var names = new List<string>();
        if (request.Exporter is not null)
        {
            names.Add(request.Exporter);
        }

        names.AddRange(request.Participants.Where(p => !names.Contains(p, StringComparer.Ordinal)));
        var participants = new List<DeviceDescription>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            participants.Add(devices.Find(names[i])?.Device
                ?? throw new InvalidConstraintException(i == 0 && request.Exporter is not null ? "exporter" : "participants",
                    $"device '{names[i]}' is not registered by any plugin"));
        }

        foreach (var registration in devices.Devices)
        {
            var device = registration.Device;
            if (participants.Any(p => p.Name == device.Name))
            {
                continue;
            }

            var usage = request.Usage.FirstOrDefault(device.HasUsage);
            if (usage is not null)
            {
                LogPotentialConsumer(logger, device.Name, usage);
                participants.Add(device);
            }
        }

        return participants;
    }

    public void Dispose()
    {
        List<IDmaBuf> all;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            all = _pool.Values.SelectMany(b => b).ToList();
            _pool.Clear();
        }

        foreach (var buffer in all)
        {
            if (!buffer.IsReleased)
            {
                buffer.Put();
            }
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Central allocator: including {Device} as a potential consumer for usage {Usage}")]
    private static partial void LogPotentialConsumer(ILogger logger, string device, string usage);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Central allocator: {Request} for {Participants} placed as {Placement}")]
    private static partial void LogPlaced(ILogger logger, string request, string participants, string placement);
}
