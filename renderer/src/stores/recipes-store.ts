import { defineStore } from 'pinia';
import { instanceId, type RecipeBuilder, type RecipeDefinition, type RecipeFilterCondition, type RecipeInstance } from '../../../shared/recipes.ts';
import type { Run } from '../../../shared/runs.ts';
import type { SourceId } from '../../../shared/sources.ts';
import { parseRecipeFile, toRecipeFile } from '../recipe-file.ts';
import { transport } from './transport-ref.ts';

/** The catalog and the owner's recipes. */
export const useRecipesStore = defineStore('recipes', {
  state: () => ({ catalog: [] as RecipeDefinition[], mine: [] as RecipeInstance[], testRuns: {} as Record<number, Run> }),
  getters: {
    /** The prebuilt recipes (the catalog also holds the owner's own made with Build your own, to open them again). */
    gallery: (state) => state.catalog.filter((r) => !(r.built && r.id.endsWith(`-to-${r.built.action}`))),
    instanceOf: (state) => (recipeId: string) => state.mine.find((r) => r.id === recipeId || r.recipe === recipeId),
    /** A run's recipe in words: the owner's instance title, the catalog title, or the id. */
    titleOf: (state) => (id: string) => state.mine.find((r) => r.id === id)?.title ?? state.catalog.find((c) => c.id === id)?.title ?? id,
  },
  actions: {
    async refresh() {
      const api = transport();
      [this.catalog, this.mine] = await Promise.all([api.call('recipes.catalog', {}), api.call('status.get', {}).then((s) => s.recipes)]);
    },
    /**
     * `filter` replaces the recipe's conditions ([] removes them); left out, the engine keeps them.
     * A recipe made with Build your own joins the catalog once saved, so "Change" finds it again.
     */
    async save(
      recipe: string,
      settings: Record<string, unknown>,
      enabled: boolean,
      id?: string,
      filter?: RecipeFilterCondition[],
      templates?: Record<string, string>,
    ) {
      this.mine = await transport().call('recipes.save', {
        recipe,
        settings,
        enabled,
        ...(id ? { id } : {}),
        ...(filter ? { filter } : {}),
        ...(templates ? { templates } : {}),
      });
      if (!this.catalog.some((c) => c.id === recipe)) this.catalog = await transport().call('recipes.catalog', {});
    },
    builder(): Promise<RecipeBuilder> {
      return transport().call('recipes.builder', {});
    },
    compose(source: SourceId | 'any', kind: string, action: string): Promise<RecipeDefinition> {
      return transport().call('recipes.compose', { source, kind, action });
    },
    /** A destination's own choices for a field (audiences, boards, projects); the saved recipe's secrets fill in what is left empty. */
    choices(recipe: string, field: string, settings: Record<string, unknown>, id?: string) {
      return transport().call('recipes.choices', { recipe, field, settings, ...(id ? { id } : {}) });
    },
    preview(recipe: string, name: string, template: string) {
      return transport().call('recipes.preview', { recipe, name, template });
    },
    /** The desktop app's save dialog for a recipe's file; `probe` only asks whether there is one. */
    async chooseFile(extension: 'csv' | 'xlsx', probe = false, suggested?: string) {
      return transport().call('app.chooseFile', { extension, probe, ...(suggested ? { suggested } : {}) });
    },
    async setEnabled(id: string, enabled: boolean) {
      this.mine = await transport().call('recipes.setEnabled', { id, enabled });
    },
    async remove(id: string) {
      this.mine = await transport().call('recipes.remove', { id });
    },
    /** Live run events of test runs, so the wizard shows how its test went; a live event beats the first answer. */
    noteRun(run: Run, live = true) {
      if (!run.test || (!live && this.testRuns[run.id])) return;
      this.testRuns[run.id] = run;
    },
    exportJson(): string {
      return toRecipeFile(this.mine);
    },
    /** Saves each recipe of an export file; one that the engine refuses is reported, the rest still count. */
    async importJson(text: string): Promise<{ saved: number; problems: string[] }> {
      const problems: string[] = [];
      let saved = 0;
      for (const r of parseRecipeFile(text)) {
        try {
          this.mine = await transport().call('recipes.save', {
            recipe: r.recipe,
            ...(r.id && r.id !== r.recipe ? { id: r.id } : {}),
            enabled: r.enabled !== false,
            settings: r.settings,
            ...(r.templates ? { templates: r.templates } : {}),
            ...(r.filter ? { filter: r.filter } : {}),
          });
          saved += 1;
        } catch (error) {
          problems.push(`${instanceId(r)}: ${(error as Error).message}.`);
        }
      }
      return { saved, problems };
    },
    /** Send test event of the wizard's form as it is now: checked as Save would, run as it is, stored nowhere. */
    testDraft(
      recipe: string,
      settings: Record<string, unknown>,
      id?: string,
      filter?: RecipeFilterCondition[],
      templates?: Record<string, string>,
    ): Promise<Run> {
      return transport().call('recipes.sendTest', {
        draft: { recipe, settings, ...(id ? { id } : {}), ...(filter ? { filter } : {}), ...(templates ? { templates } : {}) },
      });
    },
  },
});
