namespace PluggableDmaBuf;

/// <summary>
/// A heap a plugin owns (for example a GPU's <c>gpu0-vram</c>), registered with
/// <see cref="DmaBufServiceCollectionExtensions.AddDmaBufHeap"/>. The host adds it to the memory map;
/// a name that is already taken, or a range that overlaps another heap, fails the plugin's registration.
/// </summary>
/// <param name="Heap">The heap.</param>
public sealed record HeapRegistration(HeapDescription Heap);
