using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PluggableDmaBuf;

/// <summary>Helpers over <see cref="DmaBufMapping"/> for device engines that work on whole planes.</summary>
public static class DmaBufMappingExtensions
{
    /// <summary>
    /// The mapping's segments as one span, when they lie end to end in the process's view of the
    /// memory (each segment's bytes start where the previous one's end). The framework's storage is
    /// one mapping per buffer (and a bounce buffer is one block), so this holds for its mappings; it
    /// is checked rather than assumed. Valid until the mapping is unmapped.
    /// </summary>
    /// <param name="mapping">The mapping.</param>
    /// <exception cref="InvalidOperationException">The segments are not contiguous in memory.</exception>
    /// <exception cref="BufferStateException">The mapping has been unmapped.</exception>
    public static Span<byte> GetLinearSpan(this DmaBufMapping mapping)
    {
        var segments = mapping.Segments;
        if (segments.Count == 0)
        {
            return [];
        }

        var first = mapping.Segment(0);
        long length = first.Length;
        ref var start = ref MemoryMarshal.GetReference(first);
        for (var i = 1; i < segments.Count; i++)
        {
            var next = mapping.Segment(i);
            if (!Unsafe.AreSame(ref Unsafe.Add(ref start, (nint)length), ref MemoryMarshal.GetReference(next)))
            {
                throw new InvalidOperationException($"segment {i} of the mapping does not follow segment {i - 1} in memory");
            }

            length += next.Length;
        }

        return length > int.MaxValue
            ? throw new InvalidOperationException($"the mapping spans {length} bytes, more than one span can hold")
            : MemoryMarshal.CreateSpan(ref start, (int)length);
    }
}
