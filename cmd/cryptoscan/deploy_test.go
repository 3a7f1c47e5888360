package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/cryptoscan/cryptoscan/rules/jurisdiction"
	"github.com/cryptoscan/cryptoscan/scanner/discover"
)

// TestDeployManifests: the Kubernetes manifests of deploy/ run flags this
// binary accepts, from files the ConfigMap provides, in contents this
// binary reads; the Indexed Job's shard count is its completion count.
func TestDeployManifests(t *testing.T) {
	var cm struct {
		Data map[string]string `yaml:"data"`
	}
	readYAML(t, "configmap.yaml", &cm)
	if _, err := discover.ReadTargets(strings.NewReader(cm.Data["targets.txt"]), "targets.txt"); err != nil {
		t.Errorf("configmap targets.txt: %v", err)
	}
	if _, err := jurisdiction.Default().WithUserData("ca-jurisdiction.yaml", strings.NewReader(cm.Data["ca-jurisdiction.yaml"])); err != nil {
		t.Errorf("configmap ca-jurisdiction.yaml: %v", err)
	}

	type container struct {
		Args         []string `yaml:"args"`
		VolumeMounts []struct {
			MountPath string `yaml:"mountPath"`
		} `yaml:"volumeMounts"`
		SecurityContext struct {
			ReadOnlyRootFilesystem bool `yaml:"readOnlyRootFilesystem"`
		} `yaml:"securityContext"`
	}
	type podSpec struct {
		SecurityContext struct {
			RunAsUser int `yaml:"runAsUser"`
		} `yaml:"securityContext"`
		Containers []container `yaml:"containers"`
	}
	var cron struct {
		Spec struct {
			JobTemplate struct {
				Spec struct {
					Template struct {
						Spec podSpec `yaml:"spec"`
					} `yaml:"template"`
				} `yaml:"spec"`
			} `yaml:"jobTemplate"`
		} `yaml:"spec"`
	}
	readYAML(t, "cronjob.yaml", &cron)
	var job struct {
		Spec struct {
			CompletionMode string `yaml:"completionMode"`
			Completions    int    `yaml:"completions"`
			Template       struct {
				Spec podSpec `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	readYAML(t, "indexed-job.yaml", &job)

	for name, pod := range map[string]podSpec{"cronjob.yaml": cron.Spec.JobTemplate.Spec.Template.Spec, "indexed-job.yaml": job.Spec.Template.Spec} {
		if len(pod.Containers) != 1 {
			t.Fatalf("%s: %d containers", name, len(pod.Containers))
		}
		c := pod.Containers[0]
		if pod.SecurityContext.RunAsUser != 65532 || !c.SecurityContext.ReadOnlyRootFilesystem {
			t.Errorf("%s: not the image's user 65532 on a read-only root", name)
		}
		args := make([]string, len(c.Args))
		for i, a := range c.Args {
			args[i] = strings.ReplaceAll(a, "$(JOB_COMPLETION_INDEX)", "3")
		}
		o, err := parseFlags(args)
		if err != nil {
			t.Errorf("%s: the binary refuses its args: %v", name, err)
			continue
		}
		for _, f := range append(o.files, o.grade.caJurisdiction) {
			dir, file := filepath.Split(f)
			if len(c.VolumeMounts) != 1 || filepath.Clean(dir) != c.VolumeMounts[0].MountPath {
				t.Errorf("%s: %s is not in the ConfigMap's mount", name, f)
			}
			if _, ok := cm.Data[file]; !ok {
				t.Errorf("%s: the ConfigMap has no %s", name, file)
			}
		}
		if name == "indexed-job.yaml" {
			if job.Spec.CompletionMode != "Indexed" || o.shards != job.Spec.Completions || o.shard != 3 {
				t.Errorf("%s: --shard %d/%d, completions %d (%s)", name, o.shard, o.shards, job.Spec.Completions, job.Spec.CompletionMode)
			}
		}
	}
}

func readYAML(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", file))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}
