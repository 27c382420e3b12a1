namespace PluggableDmaBuf.Testing.Memory;

/// <summary>An <see cref="IDeviceRegistry"/> over a fixed list of devices, as the host builds it from every plugin's registrations.</summary>
/// <remarks>Immutable and thread safe.</remarks>
public sealed class FakeDeviceRegistry : IDeviceRegistry
{
    /// <summary>Creates the registry.</summary>
    /// <param name="devices">The devices, in registration order; names must be unique.</param>
    /// <exception cref="ArgumentException">Two devices share a name.</exception>
    public FakeDeviceRegistry(IEnumerable<DeviceRegistration> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        Devices = [.. devices];
        var duplicate = Devices.GroupBy(d => d.Device.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"device '{duplicate.Key}' is registered twice", nameof(devices));
        }
    }

    /// <summary>Creates the registry from devices that both export and import.</summary>
    /// <param name="devices">The devices.</param>
    public FakeDeviceRegistry(params DeviceDescription[] devices)
        : this(devices.Select(d => new DeviceRegistration(d, DeviceRoles.Exporter | DeviceRoles.Importer)))
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<DeviceRegistration> Devices { get; }

    /// <inheritdoc />
    public DeviceRegistration? Find(string name)
    {
        foreach (var registration in Devices)
        {
            if (string.Equals(registration.Device.Name, name, StringComparison.Ordinal))
            {
                return registration;
            }
        }

        return null;
    }
}
