using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// Reads a plugin assembly's metadata without loading it, so that a corrupt file, a plugin built
/// against another Abstractions major version, or a missing dependency is reported before any of
/// its code runs.
/// </summary>
internal static class AssemblyInspector
{
    private static readonly Lazy<HashSet<string>> s_platformAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    public sealed record Inspection(AssemblyName Identity, AssemblyName? Abstractions, IReadOnlyList<AssemblyName> MissingReferences);

    /// <summary>Inspects the assembly, or returns the reason it is not a loadable .NET assembly.</summary>
    public static Inspection Inspect(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("not a .NET assembly (no metadata)");
        }

        var metadata = pe.GetMetadataReader();
        if (!metadata.IsAssembly)
        {
            throw new BadImageFormatException("a module, not an assembly");
        }

        var identity = metadata.GetAssemblyDefinition().GetAssemblyName();
        AssemblyName? abstractions = null;
        var missing = new List<AssemblyName>();
        var folder = Path.GetDirectoryName(path)!;
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle).GetAssemblyName();
            var name = reference.Name!;
            if (string.Equals(name, typeof(IDmaBufPlugin).Assembly.GetName().Name, StringComparison.Ordinal))
            {
                abstractions = reference;
                continue;
            }

            if (PluginAssemblyLoader.SharedTypes.Any(t => string.Equals(t.Assembly.GetName().Name, name, StringComparison.Ordinal)) ||
                s_platformAssemblies.Value.Contains(name) ||
                File.Exists(Path.Combine(folder, name + ".dll")))
            {
                continue;
            }

            missing.Add(reference);
        }

        return new Inspection(identity, abstractions, missing);
    }
}
