namespace PluggableDmaBuf;

/// <summary>
/// The usage names the built-in plugins declare and request. Usages are open strings (a plugin may
/// declare its own); these constants only spare authors typos. A central allocator includes, for a
/// request with usage <c>U</c>, every registered device that declares <c>U</c> as a potential consumer.
/// </summary>
public static class BufferUsages
{
    /// <summary>Written by a capture device (camera, video decoder).</summary>
    public const string Capture = "capture";

    /// <summary>Read or written by a GPU's shader engines.</summary>
    public const string Render = "render";

    /// <summary>Read by a display controller's plane.</summary>
    public const string Scanout = "scanout";

    /// <summary>Read by a display controller's overlay plane (video preview).</summary>
    public const string Overlay = "overlay";

    /// <summary>Read or written by the CPU.</summary>
    public const string Cpu = "cpu";
}
