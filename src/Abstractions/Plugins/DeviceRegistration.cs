namespace PluggableDmaBuf;

/// <summary>
/// A device a plugin registers, with its roles. Registered as a singleton instance by
/// <see cref="DmaBufServiceCollectionExtensions.AddDmaBufDevice"/>; the host validates it at
/// registration (device names are unique across all plugins).
/// </summary>
/// <param name="Device">The device and its constraints.</param>
/// <param name="Roles">What it does with shared buffers.</param>
public sealed record DeviceRegistration(DeviceDescription Device, DeviceRoles Roles);
